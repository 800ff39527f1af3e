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
 * Benign {@code developer}: a programmer with an IDE or chat assistant. A hard negative for
 * capability-targeted distillers and instruction walks: all of its traffic is code, and the
 * everyday programming tasks it asks about ("write a function that checks whether a string is a
 * palindrome") are the very tasks public code instruction sets were written to imitate, so many
 * of its questions are near-verbatim items of Code Alpaca. Per client:
 * <ul>
 *   <li>the share of inline completions ({@code completions} endpoint, the code before the cursor
 *       as the prompt, {@code max_tokens} 64-256, temperature 0.2, a few seconds apart while the
 *       developer types): none for about a third of developers, who use a chat window or a
 *       command-line tool only, else 30-90% of calls;</li>
 *   <li>the share of chat questions that are such everyday tasks (a public code-set item): 20-90%,
 *       the rest the developer's own questions;</li>
 *   <li>the share of chat turns that follow up on the previous answer ("that throws on an empty
 *       list"): 0-35%;</li>
 * </ul>
 * during working hours, with fewer calls in the evening. A chat turn waits for the developer to
 * read the previous answer (30 s to 5 min), and a chat-only developer asks at most six questions in a row.
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
        private final double completionShare;
        private final double setShare;
        private final double followUpShare;
        private String lastQuestion;
        private boolean chatNext;
        private int burstLeft;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.peakBurstGapMillis = PerClient.logUniform(rng, 3, 40) * Clock.MINUTE;
            this.chatTemperature = PerClient.temperature(rng, 0.0, 0.8);
            this.length = OutputLength.draw(rng, 150, 2_500, 40, 6_000);
            this.completionShare = rng.nextInt(3) == 0 ? 0.0 : PerClient.uniform(rng, 0.3, 0.9);
            this.setShare = PerClient.uniform(rng, 0.2, 0.9);
            this.followUpShare = rng.nextInt(4) == 0 ? 0.0 : PerClient.uniform(rng, 0.0, 0.35);
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
                burstLeft = between(1, completionShare == 0 ? 6 : 25);
            } else {
                t += (chatNext ? between(30, 300) : between(2, 15)) * Clock.SECOND;
            }
            chatNext = rng.nextDouble() >= completionShare;
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            burstLeft--;
            if (!chatNext) {
                String context = CodeBank.completionContext(rng);
                int completion = between(8, 120);
                return emit(ts, Endpoint.COMPLETIONS, Models.MINI,
                        new RequestDraft().prompt(context).temperature(0.2).maxTokens(64 << rng.nextInt(3)).build(),
                        ok("    return result", null, "stop", Tokens.of(context), completion, 80 + completion * 8L));
            }
            List<Message> messages;
            if (lastQuestion != null && rng.nextDouble() < followUpShare) {
                messages = List.of(new Message("user", lastQuestion), new Message("assistant", CodeBank.codeAnswer(rng)),
                        new Message("user", CodeBank.followUp(rng)));
            } else {
                String q = rng.nextDouble() < setShare ? sources.prompts().draw(PromptSet.CODE, rng) : null;
                lastQuestion = q != null ? q : CodeBank.question(rng);
                messages = List.of(new Message("user", lastQuestion));
            }
            int completion = sources.timing().completionTokens(rng, 60, 1500, length.next(rng));
            return emit(ts, Endpoint.CHAT_COMPLETIONS, Models.LARGE,
                    new RequestDraft().messages(messages).temperature(chatTemperature).stream(Boolean.TRUE).build(),
                    ok(CodeBank.codeAnswer(rng), null, "stop", Tokens.of(messages), completion,
                            300 + completion * (long) between(10, 20)));
        }
    }
}
