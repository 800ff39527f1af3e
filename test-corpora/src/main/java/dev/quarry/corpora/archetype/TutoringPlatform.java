package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.StudyBank;
import dev.quarry.corpora.text.Typos;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code tutoring_platform}: an education app (the Khanmigo kind of tutor) with many
 * students behind one key and a system prompt that asks the model to explain step by step and show
 * its reasoning, the chain-of-thought style of Wei et al. 2022 used for teaching, as Kasneci et al.
 * 2023 ("ChatGPT for good? On opportunities and challenges of large language models for
 * education") describe: homework, word problems and exam questions (GSM8K and MMLU items when a
 * text source is given, which students do paste), follow-up turns, long worked explanations, an
 * after-school diurnal shape at an app's volume. The counterpart of the chain-of-thought harvesters
 * ({@link BenchmarkHarvester}, {@link ReasoningTraceHarvester}).
 *
 * <p>Per client: the tutor's system prompt (several phrasings, the client's {@link Wording});
 * output median 300-2,500 tokens; the share of follow-ups (10-50%); the share of new questions
 * that are public GSM8K or MMLU items (15-50%: students paste some of their homework from public
 * sets, the rest comes from their own textbooks and teachers); temperature 0.2-0.9; peak gap 2 s
 * to 2 minutes.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class TutoringPlatform implements Archetype {
    private static final List<String> SYSTEMS = List.of(
            "You are a patient tutor for students aged 12-18. Explain step by step and show your reasoning so the "
                    + "student can follow. Check understanding with a question at the end.",
            "You are %s, a friendly maths and science tutor. Always show every step of your reasoning, explain why "
                    + "each step works, and give one similar practice problem.",
            "Tutor mode: guide the learner through the solution step by step. Show your reasoning in full; never "
                    + "just give the final answer.");
    /** Sessions open at once, which follow-ups continue. */
    private static final int OPEN_SESSIONS = 20;
    private static final String[] NAMES = {"Professor Owl", "Tutorbot", "Sage", "Ms. Byte", "StudyPal"};
    private static final double[] HOURLY = {0.15, 0.05, 0.02, 0.01, 0.01, 0.02, 0.05, 0.15, 0.3, 0.4, 0.45, 0.5,
        0.5, 0.55, 0.7, 0.85, 1.0, 1.0, 0.95, 1.0, 1.0, 0.85, 0.6, 0.3};

    @Override
    public String name() {
        return "tutoring_platform";
    }

    @Override
    public Label label() {
        return Label.BENIGN;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis, sources);
    }

    private static final class Stream extends ClientStream {
        private final Sources sources;
        private final String system;
        private final OutputLength length;
        private final double followUpShare;
        private final double temperature;
        private final String model;
        private final double peakGapMillis;
        private final double publicShare;
        private long t;
        /** The latest questions, the sessions a follow-up can continue. */
        private final List<String> asked = new ArrayList<>(OPEN_SESSIONS + 1);

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.system = Wording.draw(rng).apply(String.format(PerClient.pick(rng, SYSTEMS),
                    PerClient.pick(rng, NAMES)));
            this.length = OutputLength.draw(rng, 300, 2_500, 40, 6_000);
            this.followUpShare = PerClient.uniform(rng, 0.1, 0.5);
            this.temperature = PerClient.temperature(rng, 0.2, 0.9);
            this.model = rng.nextInt(3) == 0 ? Models.MINI : Models.LARGE;
            this.peakGapMillis = PerClient.logUniform(rng, 2_000, 120_000);
            this.publicShare = PerClient.uniform(rng, 0.15, 0.5);
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            t = Clock.thinnedArrival(rng, t, endMillis, peakGapMillis,
                    ts -> HOURLY[Clock.localHour(ts, client.utcOffsetMinutes())]);
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            String q = rng.nextDouble() >= publicShare ? null
                    : sources.prompts().draw(rng.nextBoolean() ? PromptSet.GSM8K : PromptSet.MMLU, rng);
            q = q != null ? q : rng.nextBoolean() ? StudyBank.homework(rng) : StudyBank.wordProblem(rng);
            if (rng.nextInt(4) == 0) {
                q = Typos.introduce(q, rng);
            }
            List<Message> messages = new ArrayList<>(4);
            messages.add(new Message("system", system));
            if (!asked.isEmpty() && rng.nextDouble() < followUpShare) {
                // a student following up on a question asked in this app a little earlier
                String earlier = asked.get(rng.nextInt(asked.size()));
                messages.add(new Message("user", earlier));
                messages.add(new Message("assistant", Answers.reasoning(earlier)));
                q = PerClient.pick(rng, "I don't get step 2, can you explain it differently?",
                        "why do we divide there?", "Can you give me a similar one to practise?",
                        "ok so is the answer the same if the numbers are bigger?", "can u check my answer: 42");
            } else {
                asked.add(q);
                if (asked.size() > OPEN_SESSIONS) {
                    asked.remove(0);
                }
            }
            messages.add(new Message("user", q));
            int completion = length.capped(length.next(rng));
            return emit(ts, Endpoint.CHAT_COMPLETIONS, model,
                    new RequestDraft().messages(messages).temperature(temperature).maxTokens(length.maxTokens())
                            .stream(Boolean.TRUE).build(),
                    ok(Answers.reasoning(q), null, length.finish(completion, "stop"), Tokens.of(messages), completion,
                            250 + completion * (long) between(10, 22)));
        }
    }
}
