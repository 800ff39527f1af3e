package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.StudyBank;
import dev.quarry.corpora.text.Typos;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code student}: a learner doing homework or revising for an exam. A hard negative for
 * distillation detectors: the prompts are the same GSM8K- and MMLU-like questions a benchmark
 * harvester sends, and about a third of them ask for the working "step by step", but they come in
 * short evening study sessions (2-8 questions, a minute or more apart while the student reads),
 * a few sessions a day, with typos, at chat temperatures and with answers of ordinary length.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class Student implements Archetype {
    /** Share of the peak session rate by local hour: after school and late evening. */
    private static final double[] HOURLY = {0.2, 0.05, 0.01, 0.01, 0.01, 0.01, 0.02, 0.1, 0.2, 0.2, 0.2, 0.25,
        0.3, 0.3, 0.4, 0.6, 0.8, 0.9, 0.9, 1.0, 1.0, 0.9, 0.7, 0.4};
    private static final String[] STEP_BY_STEP = {" Explain step by step.", " Can you show the steps?",
        " step by step pls", " Show your work so I can follow."};

    @Override
    public String name() {
        return "student";
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
        private final double peakSessionGapMillis;
        private final boolean examRevision;
        private final double temperature;
        private final OutputLength length;
        private int questionsLeft;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.peakSessionGapMillis = Clock.DAY * 0.35 / (1 + rng.nextInt(5));
            this.examRevision = rng.nextInt(3) == 0;
            this.temperature = PerClient.temperature(rng, 0.3, 1.0);
            this.length = OutputLength.draw(rng, 100, 1_500, 20, 4_000);
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            if (questionsLeft == 0) {
                t = Clock.thinnedArrival(rng, t, endMillis, peakSessionGapMillis,
                        ts -> HOURLY[Clock.localHour(ts, client.utcOffsetMinutes())]);
                questionsLeft = between(2, 8);
            } else {
                t += between(60, 900) * Clock.SECOND;
            }
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            questionsLeft--;
            String q;
            if (examRevision) {
                q = sources.prompts().draw(PromptSet.MMLU, rng);
                q = q != null ? q : StudyBank.examQuestion(rng);
            } else if (rng.nextBoolean()) {
                q = sources.prompts().draw(PromptSet.GSM8K, rng);
                q = q != null ? q : StudyBank.wordProblem(rng);
            } else {
                q = StudyBank.homework(rng);
            }
            if (rng.nextInt(3) == 0) {
                q += STEP_BY_STEP[rng.nextInt(STEP_BY_STEP.length)];
            }
            if (rng.nextInt(5) == 0) {
                q = Typos.introduce(q, rng);
            }
            List<Message> messages = List.of(new Message("user", q));
            int prompt = Tokens.of(messages);
            int completion = sources.timing().completionTokens(rng, 40, 900, length.next(rng));
            long latency = 300 + completion * (long) between(12, 25);
            return emit(ts, Endpoint.CHAT_COMPLETIONS, rng.nextInt(4) == 0 ? Models.LARGE : Models.MINI,
                    new RequestDraft().messages(messages).temperature(temperature).stream(Boolean.TRUE).build(),
                    ok(Answers.helpful(q, rng), null, "stop", prompt, completion, latency));
        }
    }
}
