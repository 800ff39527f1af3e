package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.TaskBank;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Attack {@code launch_pivot}: a distillation operation that redirects its harvest to a newly
 * released model within hours of the release, as Anthropic's 2026 distillation report observed
 * ("when we released a new model ... they pivoted within 24 hours, redirecting nearly half their
 * traffic"). Before {@link Models#launchTime} it harvests {@link Models#LARGE} slowly (a call every
 * 1-4 minutes); 10 minutes to 3 hours after the launch it switches to {@link Models#LAUNCHED} at a
 * much higher rate (per client every 2-15 s), with the same templated long-answer requests.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class LaunchPivot implements Archetype {
    /** The harvesting template; {@code %s} is the task. */
    public static final String TEMPLATE = "%s. Provide a complete, expert-level answer with detailed reasoning.";

    @Override
    public String name() {
        return "launch_pivot";
    }

    @Override
    public Label label() {
        return Label.ATTACK;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis);
    }

    private static final class Stream extends ClientStream {
        private final long pivotAt;
        private final long slowGapMillis;
        private final long fastGapMillis;
        private final OutputLength length;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis) {
            super(client, rng, startMillis, endMillis);
            this.pivotAt = Models.launchTime(startMillis, endMillis) + between(10, 180) * Clock.MINUTE;
            this.slowGapMillis = between(60, 240) * Clock.SECOND;
            this.fastGapMillis = PerClient.logUniformLong(rng, 2_000, 15_000);
            this.length = OutputLength.fixed(PerClient.logUniform(rng, 200, 2_500), PerClient.uniform(rng, 0.1, 0.5),
                    40, 4_096, 4_096);
            this.t = startMillis + rng.nextLong(slowGapMillis);
        }

        @Override
        protected long schedule() {
            long ts = t;
            t += Clock.jittered(rng, t >= pivotAt ? fastGapMillis : slowGapMillis, 0.3);
            if (ts < pivotAt && t > pivotAt) {
                t = pivotAt; // the operator switches as soon as the new model is in its pipeline
            }
            return ts;
        }

        @Override
        protected InferenceEvent build(long ts) {
            String task = TaskBank.task(rng.nextInt(TaskBank.size()));
            List<Message> messages = List.of(new Message("user", String.format(TEMPLATE, task)));
            int completion = length.next(rng);
            return emit(ts, Endpoint.CHAT_COMPLETIONS, ts >= pivotAt ? Models.LAUNCHED : Models.LARGE,
                    new RequestDraft().messages(messages).temperature(0.7).maxTokens(4096).build(),
                    ok(Answers.reasoning(task), null, "stop", Tokens.of(messages), completion,
                            400 + completion * 20L));
        }
    }
}
