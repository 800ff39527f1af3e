package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.CodeBank;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code developer}: a programmer with an IDE assistant. A hard negative for
 * capability-targeted distillers: all of its traffic is code. Most calls are inline completions
 * ({@code completions} endpoint, the code before the cursor as the prompt, {@code max_tokens}
 * 64-256, temperature 0.2) that come in bursts a few seconds apart while the developer types,
 * during working hours; between bursts the developer asks a chat question about code now and then
 * and gets a code-heavy answer.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class Developer implements Archetype {

    @Override
    public String name() {
        return "developer";
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
        private final double peakBurstGapMillis;
        private final double chatTemperature;
        private final OutputLength length;
        private int burstLeft;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.peakBurstGapMillis = PerClient.logUniform(rng, 3, 40) * Clock.MINUTE;
            this.chatTemperature = PerClient.temperature(rng, 0.0, 0.8);
            this.length = OutputLength.draw(rng, 150, 2_500, 40, 6_000);
            this.t = startMillis;
        }

        private double intensity(long ts) {
            int hour = Clock.localHour(ts, client.utcOffsetMinutes());
            int day = Clock.localDayOfWeek(ts, client.utcOffsetMinutes());
            boolean work = day < 5 && hour >= 9 && hour < 19;
            return work ? 1.0 : hour >= 20 && hour < 24 ? 0.25 : 0.03;
        }

        @Override
        protected long schedule() {
            if (burstLeft == 0) {
                t = Clock.thinnedArrival(rng, t, endMillis, peakBurstGapMillis, this::intensity);
                burstLeft = between(1, 25);
            } else {
                t += between(2, 15) * Clock.SECOND;
            }
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            burstLeft--;
            if (burstLeft > 0 || rng.nextInt(4) > 0) {
                String context = CodeBank.completionContext(rng);
                int completion = between(8, 120);
                return emit(ts, Endpoint.COMPLETIONS, Models.MINI,
                        new RequestDraft().prompt(context).temperature(0.2).maxTokens(64 << rng.nextInt(3)).build(),
                        ok("    return result", null, "stop", Tokens.of(context), completion, 80 + completion * 8L));
            }
            String q = sources.prompts().draw(PromptSet.CODE, rng);
            q = q != null ? q : CodeBank.question(rng);
            List<Message> messages = List.of(new Message("user", q));
            int completion = sources.timing().completionTokens(rng, 60, 1500, length.next(rng));
            return emit(ts, Endpoint.CHAT_COMPLETIONS, Models.LARGE,
                    new RequestDraft().messages(messages).temperature(chatTemperature).stream(Boolean.TRUE).build(),
                    ok(CodeBank.codeAnswer(rng), null, "stop", Tokens.of(messages), completion,
                            300 + completion * (long) between(10, 20)));
        }
    }
}
