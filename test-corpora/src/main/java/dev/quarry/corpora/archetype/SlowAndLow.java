package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.TaskBank;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Attack {@code slow_and_low}: a patient harvester that stays under volume thresholds by sending
 * few calls, spread over a long time with heavy jitter: one call every 4 to 40 minutes on average (log-uniform per client)
 * (exponential gaps), around the clock for the whole window, each a templated request for a long
 * explanation. The evasion Anthropic's 2026 report notes against rate-based detection, and the
 * low-and-slow regime in which SEAT-style detectors (Zhang et al. 2021) need their long memory.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class SlowAndLow implements Archetype {
    /** The one template; {@code %s} is the task. */
    public static final String TEMPLATE = "Please %s. Be detailed and explain your reasoning step by step.";

    @Override
    public String name() {
        return "slow_and_low";
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
        private final double meanGapMillis;
        private final OutputLength length;
        private final String template;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis) {
            super(client, rng, startMillis, endMillis);
            this.meanGapMillis = PerClient.logUniform(rng, 4, 40) * Clock.MINUTE;
            this.length = OutputLength.fixed(PerClient.logUniform(rng, 150, 2_500), PerClient.uniform(rng, 0.1, 0.5),
                    40, 4_096, 4_096);
            this.template = Wording.draw(rng).apply(TEMPLATE);
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            t += Clock.exponential(rng, meanGapMillis);
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            String task = TaskBank.task(rng.nextInt(TaskBank.size()));
            String lower = Character.toLowerCase(task.charAt(0)) + task.substring(1);
            List<Message> messages = List.of(new Message("user", String.format(template, lower)));
            int completion = length.next(rng);
            return emit(ts, Endpoint.CHAT_COMPLETIONS, Models.LARGE,
                    new RequestDraft().messages(messages).temperature(0.7).maxTokens(4096).build(),
                    ok(Answers.reasoning(task), null, "stop", Tokens.of(messages), completion,
                            400 + completion * 20L));
        }
    }
}
