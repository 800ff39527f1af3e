package dev.quarry.corpora.text;

import java.util.SplittableRandom;

/**
 * A simulated company's own texts: its product documentation, help-centre articles, the searches
 * and questions of its users, and the business documents it processes. Each {@link Company} has its
 * own product name and feature names, so one company's texts share a narrow vocabulary while two
 * companies' texts differ. Documents are a pure function of (company, document, version): a
 * re-indexing run can re-send exactly the chunks that changed. Written for Quarry. Stateless and
 * thread-safe.
 */
public final class CompanyTexts {
    private static final String[] PRODUCT_HEADS = {"Acme", "Nimbus", "Ledgerly", "Fieldnote", "Parcelo",
        "Brightdesk", "Quillon", "Harbor", "Tallyo", "Orbitly", "Cobalt", "Meridian", "Sprocket", "Wavelet",
        "Juniper", "Keystone", "Lumen", "Northwind", "Pinecone", "Redwood"};
    private static final String[] PRODUCT_TAILS = {" Cloud", " CRM", " Pay", " HR", " Books", " Ship", " Desk",
        " Analytics", " Health", " Learn", " Docs", " Connect"};
    private static final String[] FEATURES = {"workspace", "billing portal", "audit log", "single sign-on",
        "export wizard", "approval flow", "mobile app", "API key", "webhook", "dashboard", "role manager",
        "invoice template", "data retention policy", "sandbox", "report builder", "calendar sync",
        "inventory view", "shipping label", "payroll run", "onboarding checklist", "ticket queue",
        "usage quota", "backup schedule", "team directory"};
    private static final Grammar DOC = Grammar.builder()
            .slot("s", "To {act} the {f}, open Settings and choose {f2}. ", "The {f} {does} when {cond}. ",
                    "Admins can {act} the {f} for each team. ", "If {cond}, the {f} shows a warning. ",
                    "Note: the {f} is available on the {plan} plan. ", "Since version {v}, the {f} {does}. ",
                    "You can {act} the {f} from the command line with `{cmd}`. ",
                    "Changes to the {f} take effect after {n} minutes. ",
                    "Error {code} means the {f} could not {act2}; retry after {n} seconds. ")
            .slot("act", "enable", "configure", "reset", "export", "archive", "rename", "share", "disable")
            .slot("act2", "sync", "save your changes", "reach the server", "verify the token", "load")
            .slot("does", "updates every hour", "keeps 90 days of history", "sends an email to the owner",
                    "locks after five failed attempts", "is read-only for guests", "supports CSV and JSON")
            .slot("cond", "a payment fails", "a user leaves the team", "the quota is reached",
                    "the token expires", "two admins edit at once", "the import has duplicate rows")
            .slot("plan", "Starter", "Business", "Enterprise", "Team")
            .slot("v", "2.3", "3.0", "3.1", "4.2", "5.0")
            .slot("n", "5", "10", "15", "30", "60")
            .slot("code", "E102", "E204", "E401", "E503", "E777")
            .slot("cmd", "sync --all", "export --format csv", "login --sso", "backup now")
            .slot("f", "\u00a7")
            .slot("f2", "\u00a7")
            .build();
    private static final String[] SEARCHES = {"reset password", "export {f} csv", "{f} not working",
        "how to enable {f}", "{f} pricing", "error E401", "delete account", "change billing email",
        "{f} permissions", "sso setup okta", "invoice missing", "api rate limit", "add user to team",
        "{f} vs {f}", "cancel subscription", "{f} history"};
    private static final String[] QUESTIONS = {"How do I reset my password?", "Why was my card declined?",
        "How can I export my data from the {f}?", "The {f} says error E401, what does that mean?",
        "Can I change the owner of my workspace?", "How do I cancel my subscription?",
        "Is the {f} available on the Starter plan?", "How do I add a new user to my team?",
        "Where can I download my invoices?", "My {f} stopped syncing yesterday, can you help?",
        "How long do you keep the {f} history?", "Can I get a refund for last month?",
        "How do I turn on two-factor authentication?", "Why can't my colleague see the {f}?"};

    private CompanyTexts() {}

    /**
     * A company: its product name, its domain and the features its documents talk about.
     *
     * @param seed fixes the company's documents
     */
    public record Company(String product, String[] features, long seed) {
        /** A company drawn with {@code rng}. */
        public static Company draw(SplittableRandom rng) {
            String product = PRODUCT_HEADS[rng.nextInt(PRODUCT_HEADS.length)]
                    + PRODUCT_TAILS[rng.nextInt(PRODUCT_TAILS.length)];
            String[] features = new String[3 + rng.nextInt(4)];
            for (int i = 0; i < features.length; i++) {
                features[i] = FEATURES[rng.nextInt(FEATURES.length)];
            }
            return new Company(product, features, rng.nextLong());
        }

        String feature(SplittableRandom rng) {
            return features[rng.nextInt(features.length)];
        }

        String ownFeatures(String text, SplittableRandom rng) {
            StringBuilder sb = new StringBuilder(text.length() + 16);
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (ch == '\u00a7') {
                    sb.append(feature(rng));
                } else {
                    sb.append(ch);
                }
            }
            return sb.toString();
        }

        String own(String text, SplittableRandom rng) {
            String out = text;
            while (out.contains("{f}")) {
                out = out.replaceFirst("\\{f}", feature(rng));
            }
            return out;
        }
    }

    /**
     * Words {@code [from, from + words)} of version {@code version} of the company's document
     * {@code doc}. One sentence in five is rewritten by each new version; the rest stay the same.
     */
    public static String chunk(Company c, int doc, int version, int from, int words) {
        StringBuilder out = new StringBuilder(words * 7);
        int seen = 0;
        for (int s = 0; seen < from + words; s++) {
            long sentenceSeed = c.seed() ^ (doc * 0x9E3779B97F4A7C15L) ^ (s * 0xC2B2AE3D27D4EB4FL);
            int edits = Math.floorMod((int) (sentenceSeed >>> 33), 5) == 0 ? version : 0;
            SplittableRandom rng = new SplittableRandom(sentenceSeed + edits * 0x632BE59BD9B4E019L);
            String sentence = c.ownFeatures(DOC.pick("s", rng), rng);
            for (String w : sentence.split(" ")) {
                if (w.isEmpty()) {
                    continue;
                }
                if (seen >= from && seen < from + words) {
                    out.append(w).append(' ');
                }
                seen++;
            }
        }
        return out.toString().strip();
    }

    /** What a user types into the company's search box. */
    public static String search(Company c, SplittableRandom rng) {
        return c.own(SEARCHES[rng.nextInt(SEARCHES.length)], rng);
    }

    /** A question customers of the company commonly ask. */
    public static String commonQuestion(Company c, SplittableRandom rng) {
        return c.own(QUESTIONS[rng.nextInt(QUESTIONS.length)], rng);
    }

    /** A help-centre article about the company's product, {@code sentences} sentences long. */
    public static String article(Company c, SplittableRandom rng, int sentences) {
        StringBuilder sb = new StringBuilder(sentences * 90);
        sb.append("# ").append(c.product()).append(": ").append(c.feature(rng)).append("\n\n");
        for (int i = 0; i < sentences; i++) {
            sb.append(c.ownFeatures(DOC.pick("s", rng), rng));
        }
        return sb.toString().strip();
    }
}
