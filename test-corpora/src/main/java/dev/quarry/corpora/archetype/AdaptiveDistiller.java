package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.TaskBank;
import dev.quarry.corpora.text.Typos;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Attack {@code adaptive_distiller}: a harvester built to evade template and timing detectors,
 * as anticipated by the adaptive-attacker evaluations of Blacklight (Li et al. 2022) and the
 * "varied prompts" evasion Anthropic's 2026 report describes: no fixed template (each request is
 * phrased from independent openers, task wordings and closers, sometimes with typos), a
 * temperature that changes from call to call (0.2-1.2), and human-like timing (sessions during
 * the local day, 20 s to 4 min between calls). What it cannot hide is the harvest itself: every
 * call asks for a long, complete answer on a new task.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class AdaptiveDistiller implements Archetype {
    private static final String[] OPENERS = {"", "Hey, ", "Quick one: ", "I was wondering, ", "For a project, ",
        "Could you ", "Help me understand: ", "My manager asked me to ", "ok so ", "Pls "};
    private static final String[] CLOSERS = {"", " Thanks!", " Be thorough.", " Go into detail please.",
        " Walk me through it.", " As complete as you can.", " I need a full write-up.", " with examples?"};
    private static final double[] HOURLY = {0.1, 0.05, 0.02, 0.02, 0.02, 0.05, 0.2, 0.5, 0.8, 1.0, 1.0, 1.0,
        0.9, 1.0, 1.0, 1.0, 0.9, 0.8, 0.7, 0.7, 0.6, 0.5, 0.3, 0.2};

    @Override
    public String name() {
        return "adaptive_distiller";
    }

    @Override
    public Label label() {
        return Label.ATTACK;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis, sources);
    }

    private static final class Stream extends ClientStream {
        private final Sources sources;
        private final double sessionGapMillis;
        private final OutputLength length;
        private int sessionLeft;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.sessionGapMillis = PerClient.logUniform(rng, 8, 60) * Clock.MINUTE;
            this.length = OutputLength.fixed(PerClient.logUniform(rng, 300, 2_200), PerClient.uniform(rng, 0.1, 0.5),
                    150, 4_096, null);
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            if (sessionLeft == 0) {
                // a new session starts no sooner than a person could read the last answer
                t = Clock.thinnedArrival(rng, t + 20 * Clock.SECOND, endMillis, sessionGapMillis,
                        ts -> HOURLY[Clock.localHour(ts, client.utcOffsetMinutes())]);
                sessionLeft = between(5, 40);
            } else {
                t += between(20, 240) * Clock.SECOND;
            }
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            sessionLeft--;
            String task = sources.prompts().draw(PromptSet.INSTRUCTIONS, rng);
            if (task == null) {
                String raw = TaskBank.task(rng.nextInt(TaskBank.size()));
                task = Character.toLowerCase(raw.charAt(0)) + raw.substring(1, raw.length() - 1);
            }
            String text = OPENERS[rng.nextInt(OPENERS.length)] + task + CLOSERS[rng.nextInt(CLOSERS.length)];
            if (rng.nextInt(6) == 0) {
                text = Typos.introduce(text, rng);
            }
            List<Message> messages = List.of(new Message("user", text));
            double temperature = Math.round((0.2 + rng.nextDouble()) * 100) / 100.0;
            int completion = length.next(rng);
            return emit(ts, Endpoint.CHAT_COMPLETIONS, Models.LARGE,
                    new RequestDraft().messages(messages).temperature(temperature).stream(rng.nextBoolean() ? true : null)
                            .build(),
                    ok(Answers.helpful(text, rng), null, "stop", Tokens.of(messages), completion,
                            400 + completion * (long) between(12, 25)));
        }
    }
}
