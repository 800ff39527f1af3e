package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.CompanyTexts;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Legitimate {@code test_data_generator}: a product team's QA pipeline that has the model write
 * test data for its own product, the practice the testing literature describes (e.g. Wang et al.
 * 2024, "Software Testing with Large Language Models: Survey, Landscape, and Vision", on LLM
 * generated test inputs): realistic user questions, diverse test utterances for a support bot,
 * persona-specific requests, edge cases, one prompt per seed of its own (a feature of its
 * product, one of its user types). Its seeds are fixed: the product's features times its user
 * types, regenerated for every build or release, so it comes back to them.
 *
 * <p>Per client: its product, 6-40 features and 2-6 user types; one phrasing of four (two of them
 * say "diverse" or name the user type as a persona, as QA prompts do); 1-3 runs in the window,
 * each going over every seed 1-3 times at a gap of 2-45 s; output median 250-1,500 tokens.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class TestDataGenerator implements Archetype {
    private static final List<String> PHRASINGS = List.of(
            "Generate %d diverse test questions that %s could ask our support bot about the %s of %s. "
                    + "Return a JSON array of strings.",
            "User persona: %2$s.\nWrite %1$d realistic requests this persona would type into %4$s about the %3$s. "
                    + "Vary tone and length; include typos in some. Output JSON lines.",
            "For the %4$s regression suite: produce %1$d varied sample utterances from %2$s about the %3$s, "
                    + "each with the intent label it should map to.",
            "Create %1$d edge-case inputs for the %3$s form of %4$s, as %2$s would type them: empty values, very "
                    + "long text, unicode, invalid dates. JSON only.");
    private static final String[] USERS = {"an administrator", "a first-week trial user", "a power user",
        "a finance manager", "a support agent", "a developer using the API", "a mobile-only user",
        "a visually impaired user", "a team lead", "an auditor"};
    private static final String[] EXTRA_FEATURES = {"onboarding checklist", "invoice history", "audit log",
        "role permissions", "bulk import", "saved views", "notification settings", "SSO setup", "usage dashboard",
        "data retention policy", "offline mode", "keyboard shortcuts", "public share links", "tag manager",
        "archive rules", "recurring tasks", "language settings", "trash and restore", "API tokens page",
        "status page", "comment threads", "file previews", "custom fields", "time tracking", "mentions",
        "email digests", "approval flows", "templates gallery", "activity feed", "plan upgrade"};

    @Override
    public String name() {
        return "test_data_generator";
    }

    @Override
    public Label label() {
        return Label.BENIGN;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis);
    }

    private static final class Stream extends ClientStream {
        private final CompanyTexts.Company company;
        private final List<String[]> seeds = new ArrayList<>();
        private final String phrasing;
        private final String system;
        private final int count;
        private final OutputLength length;
        private final double temperature;
        private final long gapMillis;
        private final long[] runStarts;
        /** Requests in one run: the seeds walked once, then again in part (a QA team regenerating). */
        private final int perRun;
        private int run;
        private int at;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis) {
            super(client, rng, startMillis, endMillis);
            this.company = CompanyTexts.Company.draw(rng);
            List<String> features = new ArrayList<>(List.of(company.features()));
            int wanted = between(6, 40);
            for (int i = rng.nextInt(EXTRA_FEATURES.length); features.size() < wanted; i++) {
                String f = EXTRA_FEATURES[i % EXTRA_FEATURES.length];
                if (!features.contains(f)) {
                    features.add(f);
                }
                if (i > 3 * EXTRA_FEATURES.length) {
                    break;
                }
            }
            int users = between(2, 6);
            int firstUser = rng.nextInt(USERS.length);
            for (String f : features) {
                for (int u = 0; u < users; u++) {
                    seeds.add(new String[] {f, USERS[(firstUser + u) % USERS.length]});
                }
            }
            this.phrasing = Wording.draw(rng).apply(PerClient.pick(rng, PHRASINGS));
            this.system = rng.nextBoolean() ? "You write test data for the " + company.product()
                    + " QA team. Answer with valid JSON and nothing else." : null;
            this.count = PerClient.pick(rng, 5, 10, 12, 20, 25);
            this.length = OutputLength.draw(rng, 250, 1_500, 60, 4_000);
            this.temperature = PerClient.temperature(rng, 0.7, 1.1);
            this.gapMillis = PerClient.logUniformLong(rng, 2_000, 45_000);
            // Drawn over a continuous range, so the client's share of new fills is no constant.
            this.perRun = (int) Math.round(seeds.size() * (1.0 + 2.0 * rng.nextDouble()));
            int runs = between(1, 3);
            this.runStarts = new long[runs];
            long span = Math.max(1, (endMillis - startMillis) / runs);
            for (int i = 0; i < runs; i++) {
                runStarts[i] = startMillis + i * span + (long) (rng.nextDouble() * span * 0.5);
            }
            this.t = runStarts[0];
        }

        @Override
        protected long schedule() {
            if (at >= perRun) {
                run++;
                at = 0;
                if (run >= runStarts.length) {
                    return Long.MAX_VALUE;
                }
                t = Math.max(t, runStarts[run]);
            }
            t += Clock.jittered(rng, gapMillis, 0.5);
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            String[] seed = seeds.get(at++ % seeds.size());
            String user = String.format(phrasing, count, seed[1], seed[0], company.product());
            List<Message> messages = new ArrayList<>(2);
            if (system != null) {
                messages.add(new Message("system", system));
            }
            messages.add(new Message("user", user));
            int completion = length.capped(length.next(rng));
            return emit(ts, Endpoint.CHAT_COMPLETIONS, Models.LARGE,
                    new RequestDraft().messages(messages).temperature(temperature).build(),
                    ok("[\"How do I ...\", \"Can I ...\"]", null, "stop", Tokens.of(messages), completion,
                            300 + completion * (long) between(8, 20)));
        }
    }
}
