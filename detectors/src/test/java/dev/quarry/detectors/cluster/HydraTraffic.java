package dev.quarry.detectors.cluster;

import dev.quarry.detectors.Traffic;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Crafted multi-account traffic for the cluster path: one fleet and its benign look-alikes. Deterministic. */
public final class HydraTraffic {
    private static final String[] VERBS = {"Explain", "Summarise", "Describe", "Compare", "Analyse", "Outline",
        "Evaluate", "Illustrate", "Critique", "Derive", "Contrast", "Trace"};
    private static final String[] TOPICS = {"photosynthesis", "the causes of inflation", "binary search trees",
        "the French Revolution", "plate tectonics", "supply chain risk", "the immune response", "quantum tunnelling",
        "Keynesian economics", "gradient descent", "the water cycle", "public key cryptography", "urban heat islands",
        "the Treaty of Westphalia", "protein folding", "monetary policy", "TCP congestion control", "game theory",
        "renewable energy storage", "the Roman Republic", "glacial erosion", "mRNA vaccines", "the printing press"};
    private static final String[] ANGLES = {"for a first-year student", "with a worked example", "in historical context",
        "with its main criticisms", "for a policy maker", "with three practical applications", "from first principles",
        "with common misconceptions", "for an engineer", "with a comparison table"};
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36";

    private HydraTraffic() {}

    /**
     * A hydra fleet: {@code keys} accounts with their own orgs and addresses in one /24, one TLS
     * stack and one payment instrument, filling one template with a shared task list, each at
     * {@code perHour} calls an hour with staggered phases, long answers.
     */
    public static List<InferenceEvent> fleet(String prefix, int keys, int perHour, int hours) {
        List<InferenceEvent> out = new ArrayList<>();
        long period = Duration.ofHours(1).toMillis() / perHour;
        for (int k = 0; k < keys; k++) {
            String client = String.format("%s%02d", prefix, k);
            for (int i = 0; i < perHour * hours; i++) {
                int task = (i * keys + k) * 7;
                String text = VERBS[task % VERBS.length] + " " + TOPICS[(task / VERBS.length) % TOPICS.length] + " "
                        + ANGLES[(task / (VERBS.length * TOPICS.length)) % ANGLES.length];
                out.add(EventBuilder.event(client + "-" + i).client(client).org("org_" + client)
                        .at(Traffic.T0.toEpochMilli() + i * period + k * period / keys)
                        .ip("10.77.3." + (k + 1)).userAgent("python-httpx/0.27.2").tlsFingerprint("t13d1812h1_fleet")
                        .paymentFingerprint("pm_fleet")
                        .user("Instruction: " + text + ".\nWrite a comprehensive response and explain your reasoning in detail.")
                        .temperature(0.7).maxTokens(4096).completionTokens(600 + (i * 131 + k * 17) % 1900).build());
            }
        }
        return out;
    }

    /** Chat users behind one corporate NAT /24, on the same browser build (UA and TLS), nothing else shared. */
    static List<InferenceEvent> officeBehindNat(int users, int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            String client = "key_office" + u;
            for (InferenceEvent e : Traffic.humanChat(client, requests, 100 + u)) {
                out.add(EventBuilder.from(e).org("org_office" + u).ip("198.51.100." + (u + 1)).userAgent(CHROME)
                        .tlsFingerprint("t13d1516h2_8daaf6152771_02713d6af862")
                        .paymentFingerprint(u % 3 == 0 ? null : "pm_office" + u).build());
            }
        }
        return out;
    }

    /** One company: five keys of a batch summariser and a developer, one org and one payment instrument. */
    static List<InferenceEvent> companyKeys(int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            for (InferenceEvent e : Traffic.batchSummariser("key_acme_batch" + k, requests)) {
                out.add(EventBuilder.from(e).org("org_acme").ip("10.20.30." + (k + 1)).userAgent("OpenAI/Python 1.54.4")
                        .tlsFingerprint("t13d1812h1_85036bcba153_7d8ad4e8a3c5").paymentFingerprint("pm_acme").build());
            }
        }
        Random rnd = new Random(7);
        for (InferenceEvent e : Traffic.humanChat("key_acme_dev", requests, 9)) {
            out.add(EventBuilder.from(e).org("org_acme").ip("10.20.31." + (1 + rnd.nextInt(200)))
                    .userAgent("OpenAI/NodeJS 4.71.1").tlsFingerprint("t13d1516h2_8daaf6152771_9b0d79d10808")
                    .paymentFingerprint("pm_acme").build());
        }
        return out;
    }

    /** A benchmark evaluation split over three keys of one payer: multiple choice, one-token answers, bounded. */
    static List<InferenceEvent> evaluationRun(int itemsPerKey) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            String client = "key_eval" + k;
            for (int i = 0; i < itemsPerKey; i++) {
                int item = k * itemsPerKey + i;
                out.add(EventBuilder.event(client + "-" + i).client(client).org("org_lab")
                        .at(Traffic.T0.plus(Duration.ofMillis(400L * i + 130L * k)))
                        .ip("10.40.50.9").userAgent("python-requests/2.32.3").tlsFingerprint("t13d1812h1_eval")
                        .paymentFingerprint("pm_lab")
                        .user("The following is a multiple choice question about " + TOPICS[item % TOPICS.length]
                                + ".\nWhich statement about it is correct (item " + item + ")?\nA) "
                                + VERBS[item % VERBS.length] + " B) " + ANGLES[item % ANGLES.length]
                                + " C) none D) all\nAnswer:")
                        .temperature(0.0).maxTokens(1).logprobs(true).topLogprobs(5).completionTokens(1).build());
            }
        }
        return out;
    }
}
