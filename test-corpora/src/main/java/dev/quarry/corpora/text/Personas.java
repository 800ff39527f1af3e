package dev.quarry.corpora.text;

/**
 * A generated bank of personas in the style of Persona Hub (Chan et al. 2024, "Scaling Synthetic
 * Data Creation with 1,000,000,000 Personas"): one-sentence descriptions of a person (a role, a
 * trait, a context), here 96 x 40 x 48 = 184,320 of them. Persona {@code i} is computed from
 * {@code i}, so the bank costs no memory. Written for Quarry. Stateless and thread-safe.
 */
public final class Personas {
    private static final String[] ROLES = {"pediatric nurse", "retired civil engineer", "high-school chemistry teacher",
        "freelance graphic designer", "wheat farmer", "marine biologist", "tax accountant", "jazz pianist",
        "emergency dispatcher", "data journalist", "museum curator", "long-haul truck driver", "startup founder",
        "patent attorney", "beekeeper", "air traffic controller", "social worker", "video game speedrunner",
        "hospital pharmacist", "urban planner", "sommelier", "ballet dancer", "seismologist", "librarian",
        "cybersecurity analyst", "wedding photographer", "physical therapist", "ship's navigator", "baker",
        "climate policy researcher", "translator of Japanese novels", "school bus driver", "orthodontist",
        "supply chain manager", "stand-up comedian", "archaeologist", "real-estate agent", "firefighter",
        "astrophysics PhD student", "veterinary surgeon", "kindergarten teacher", "sports statistician",
        "organic chemist", "construction site foreman", "insurance underwriter", "museum tour guide",
        "robotics hobbyist", "professional chess coach", "dietitian", "election observer", "ornithologist",
        "carpenter", "flight attendant", "mobile app developer", "labour union organiser", "opera singer",
        "forensic accountant", "park ranger", "speech therapist", "crossword constructor", "textile artist",
        "police detective", "tea importer", "epidemiologist", "screenwriter", "choir director",
        "wind turbine technician", "immigration lawyer", "medieval historian", "e-sports coach", "midwife",
        "quantitative trader", "fisherman", "elementary school principal", "mountain guide", "ethicist",
        "cartographer", "hotel manager", "glassblower", "game theorist", "sign language interpreter",
        "sound engineer", "landscape architect", "investigative reporter", "barista", "radiologist",
        "philosophy undergraduate", "smallholder coffee grower", "biomedical engineer", "locksmith",
        "stage magician", "nonprofit fundraiser", "actuary", "tailor", "volcanologist", "prison librarian"};
    private static final String[] TRAITS = {"who is obsessed with efficiency", "who distrusts statistics",
        "with a dry sense of humour", "who just moved to a new country", "who is learning to code at sixty",
        "who volunteers on weekends", "recovering from burnout", "who collects vintage maps",
        "with a fear of public speaking", "who writes poetry in secret", "raising three children alone",
        "who is colour-blind", "who grew up on a remote island", "preparing for a marathon",
        "who loves board games", "who mentors young women in science", "with a background in the military",
        "who is fascinated by ancient Rome", "who runs a small YouTube channel", "who speaks four languages",
        "on a tight budget", "who is sceptical of new technology", "who meditates daily",
        "caring for an elderly parent", "who restores old motorcycles", "studying for a licensing exam",
        "who keeps meticulous spreadsheets", "who grows tomatoes on a balcony", "with dyslexia",
        "who debates politics online", "who is a competitive swimmer", "who bakes for charity",
        "who travels for work every week", "who was a child prodigy", "who hates small talk",
        "who organises community clean-ups", "who reads only non-fiction", "working night shifts",
        "who recently lost a job", "who is planning a wedding"};
    private static final String[] CONTEXTS = {"in rural Kenya", "in Osaka", "in a Chicago suburb",
        "in a small Welsh town", "in Buenos Aires", "in Lagos", "in Helsinki", "in a Bavarian village",
        "in Mumbai", "in coastal Maine", "in Melbourne", "in Seoul", "in Montreal", "in Cape Town",
        "in a Texas border town", "in Krakow", "in Ho Chi Minh City", "in Reykjavik", "in Lima",
        "in Marseille", "in Nairobi", "in Vancouver", "in Istanbul", "in Dublin", "in Jakarta",
        "in a Scottish fishing village", "in Mexico City", "in Tel Aviv", "in Manila", "in Oslo",
        "in Santiago", "in a mountain town in Colorado", "in Casablanca", "in Taipei", "in Accra",
        "in Lisbon", "in Auckland", "in Dhaka", "in Tbilisi", "in Kyiv", "in Bogota", "in Hanoi",
        "in Zurich", "in Cairo", "in New Orleans", "in Perth", "in Warsaw", "in Singapore"};

    private Personas() {}

    /** How many personas the bank holds. */
    public static int size() {
        return ROLES.length * TRAITS.length * CONTEXTS.length;
    }

    /** Persona {@code i}, modulo {@link #size()}. */
    public static String persona(long i) {
        int k = (int) Math.floorMod(i, (long) size());
        String role = ROLES[k % ROLES.length];
        k /= ROLES.length;
        String trait = TRAITS[k % TRAITS.length];
        k /= TRAITS.length;
        String article = "aeiou".indexOf(role.charAt(0)) >= 0 ? "An " : "A ";
        return article + role + " " + trait + " " + CONTEXTS[k % CONTEXTS.length] + ".";
    }
}
