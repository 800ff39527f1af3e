package dev.quarry.detectors.detector;

import dev.quarry.detectors.Traffic;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Embeddings traffic written for the embedding-extraction tests from the papers' descriptions: an
 * extractor queries with a broad public corpus (StolenEncoder; Dziedzic et al.), while legitimate
 * users embed their own narrow domain (B4B). Text is composed from topic vocabularies of this
 * class; randomised by seed.
 */
final class EmbeddingTraffic {
    /** Topic vocabularies: a broad corpus draws from all of them, one product's domain from one or two. */
    static final String[][] TOPICS = {
        {"invoice", "payment", "refund", "billing", "subscription", "charge", "receipt", "account", "plan", "tax", "discount", "renewal", "card", "currency", "balance"},
        {"kubernetes", "pod", "cluster", "deployment", "container", "node", "ingress", "helm", "namespace", "replica", "volume", "service", "scheduler", "image", "registry"},
        {"vacation", "leave", "payroll", "benefits", "onboarding", "manager", "review", "salary", "policy", "holiday", "pension", "contract", "hiring", "badge", "training"},
        {"volcano", "magma", "eruption", "tectonic", "crust", "lava", "basalt", "fault", "earthquake", "mantle", "plate", "seismic", "ash", "caldera", "geyser"},
        {"sonata", "orchestra", "violin", "symphony", "composer", "tempo", "melody", "harmony", "concerto", "chord", "rhythm", "opera", "piano", "conductor", "score"},
        {"mitochondria", "enzyme", "protein", "cell", "membrane", "ribosome", "genome", "dna", "rna", "receptor", "antibody", "virus", "bacteria", "metabolism", "neuron"},
        {"senate", "election", "parliament", "treaty", "minister", "policy", "vote", "campaign", "constitution", "court", "law", "reform", "coalition", "referendum", "diplomat"},
        {"striker", "goalkeeper", "league", "match", "penalty", "coach", "tournament", "stadium", "referee", "midfield", "transfer", "season", "cup", "derby", "offside"},
        {"recipe", "oven", "flour", "butter", "garlic", "simmer", "roast", "sauce", "dough", "spice", "bake", "onion", "broth", "pastry", "grill"},
        {"galaxy", "nebula", "telescope", "orbit", "planet", "comet", "asteroid", "supernova", "quasar", "gravity", "star", "cosmic", "lunar", "solar", "eclipse"},
        {"mortgage", "loan", "interest", "equity", "bond", "dividend", "portfolio", "inflation", "stock", "broker", "hedge", "yield", "credit", "asset", "fund"},
        {"pharaoh", "empire", "dynasty", "medieval", "castle", "knight", "crusade", "renaissance", "colony", "revolution", "monarch", "archive", "manuscript", "siege", "chronicle"},
        {"sneaker", "jacket", "fabric", "cotton", "denim", "size", "sleeve", "collar", "leather", "boot", "wool", "zipper", "stitch", "fashion", "outfit"},
        {"vaccine", "symptom", "diagnosis", "clinic", "dose", "patient", "therapy", "surgery", "fever", "allergy", "prescription", "nurse", "infection", "chronic", "hospital"},
        {"python", "function", "variable", "loop", "compiler", "syntax", "exception", "library", "debugger", "thread", "array", "pointer", "recursion", "class", "module"},
        {"wheat", "harvest", "tractor", "soil", "irrigation", "crop", "fertilizer", "barn", "cattle", "orchard", "seed", "drought", "farm", "pasture", "greenhouse"},
        {"poem", "novel", "metaphor", "stanza", "narrator", "chapter", "plot", "character", "sonnet", "prose", "author", "fiction", "myth", "tragedy", "satire"},
        {"airline", "flight", "luggage", "boarding", "passport", "hotel", "itinerary", "visa", "cruise", "terminal", "layover", "ticket", "tourism", "hostel", "resort"},
        {"battery", "voltage", "circuit", "resistor", "capacitor", "transistor", "solar", "inverter", "grid", "turbine", "current", "charger", "diode", "wiring", "fuse"},
        {"glacier", "rainforest", "species", "habitat", "climate", "coral", "wetland", "migration", "predator", "ecosystem", "carbon", "forest", "ocean", "pollinator", "drought"}};
    private static final String[] GLUE = {"the", "a", "of", "and", "in", "to", "for", "with", "is", "are", "on", "by",
        "this", "that", "from", "about", "how", "when", "why", "which", "can", "should", "new", "our", "their", "most"};

    private EmbeddingTraffic() {}

    /** A sentence of 8-20 words, mostly from the given topics. */
    static String sentence(Random rnd, int[] topics, int minWords, int maxWords) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = minWords + rnd.nextInt(maxWords - minWords + 1); i < n; i++) {
            String[] v = TOPICS[topics[rnd.nextInt(topics.length)]];
            sb.append(i == 0 ? "" : " ").append(rnd.nextInt(5) < 2 ? GLUE[rnd.nextInt(GLUE.length)] : v[rnd.nextInt(v.length)]);
        }
        return sb.append('.').toString();
    }

    static String passage(Random rnd, int[] topics, int sentences) {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < sentences; s++) {
            sb.append(s == 0 ? "" : " ").append(sentence(rnd, topics, 8, 20));
        }
        return sb.toString();
    }

    static InferenceEvent embed(String client, int i, Instant ts, String text) {
        return EventBuilder.event(client + "-" + i).client(client).at(ts).endpoint(Endpoint.EMBEDDINGS)
                .model("orion-embed").prompt(text).build();
    }

    /** StolenEncoder-style: inputs from a broad public corpus, every topic, day after day. */
    static List<InferenceEvent> extractor(String client, long seed, int inputs, Duration step) {
        Random rnd = new Random(seed);
        List<InferenceEvent> out = new ArrayList<>();
        Instant t = Traffic.T0;
        for (int i = 0; i < inputs; i++) {
            int[] topics = {rnd.nextInt(TOPICS.length), rnd.nextInt(TOPICS.length)};
            t = t.plus(step).plusMillis(rnd.nextInt(500));
            out.add(embed(client, i, t, passage(rnd, rnd.nextInt(3) == 0 ? new int[] {topics[0]} : topics, 1 + rnd.nextInt(4))));
        }
        return out;
    }

    /** One product's domain: one topic vocabulary. */
    private static int[] domain(Random rnd) {
        return new int[] {rnd.nextInt(TOPICS.length)};
    }

    /** A company wiki of a few hundred to a few thousand chunks, re-indexed every night, a few pages edited. */
    static List<InferenceEvent> wikiReindexer(String client, long seed, int nights) {
        Random rnd = new Random(seed);
        int[] topics = domain(rnd);
        List<String> pages = new ArrayList<>();
        for (int p = 0, n = 300 + rnd.nextInt(2700); p < n; p++) {
            pages.add(passage(rnd, topics, 2 + rnd.nextInt(4)));
        }
        List<InferenceEvent> out = new ArrayList<>();
        int i = 0;
        for (int night = 0; night < nights; night++) {
            Instant t = Traffic.T0.plus(Duration.ofDays(night)).plus(Duration.ofHours(1));
            for (int p = 0; p < pages.size(); p++) {
                if (rnd.nextInt(100) < 3) {
                    pages.set(p, pages.get(p) + " " + sentence(rnd, topics, 6, 12));
                }
                t = t.plusMillis(50 + rnd.nextInt(200));
                out.add(embed(client, i++, t, pages.get(p)));
            }
        }
        return out;
    }

    /** A semantic search box: short user queries in one domain, popular ones asked again and again. */
    static List<InferenceEvent> searchApp(String client, long seed, int queries) {
        Random rnd = new Random(seed);
        int[] topics = domain(rnd);
        List<String> popular = new ArrayList<>();
        for (int q = 0; q < 200; q++) {
            popular.add(sentence(rnd, topics, 2, 12));
        }
        List<InferenceEvent> out = new ArrayList<>();
        Instant t = Traffic.T0;
        for (int i = 0; i < queries; i++) {
            // Zipf-like popularity: most queries are among the popular few, the rest are new
            String q = rnd.nextInt(10) < 6 ? popular.get((int) Math.floor(Math.pow(rnd.nextDouble(), 3) * popular.size()))
                    : sentence(rnd, topics, 2, 12);
            t = t.plusSeconds(1 + rnd.nextInt(40));
            out.add(embed(client, i, t, q));
        }
        return out;
    }

    /** A RAG app indexing a large knowledge base of one domain, once, in one burst. */
    static List<InferenceEvent> ragIndexer(String client, long seed, int chunks) {
        Random rnd = new Random(seed);
        int[] topics = domain(rnd);
        List<InferenceEvent> out = new ArrayList<>();
        Instant t = Traffic.T0;
        for (int i = 0; i < chunks; i++) {
            t = t.plusMillis(20 + rnd.nextInt(100));
            out.add(embed(client, i, t, passage(rnd, topics, 2 + rnd.nextInt(5))));
        }
        return out;
    }
}
