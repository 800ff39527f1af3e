package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.watermark.WatermarkedResponses;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Attack {@code watermark_echo}: a self-instruct loop (Wang et al. 2023, "Self-Instruct") run
 * against the provider. Each call pastes two or three of the provider's earlier answers back as
 * examples and asks for more question-and-answer pairs "in the same style", so the prompts carry
 * the provider's output watermark: what a watermark-echo check sees in a distiller's prompts.
 * Automated: a call every 20-90 s around the clock, from an SDK, at temperature 1.
 *
 * <p>Only generated with {@code generate --watermark-key} (count {@code --watermark-echoes}): the
 * pasted answers are then written by the same watermarked test model as every response. Without a
 * watermark (tests that open every archetype) they are the model's plain text. The model's
 * randomness comes from a generator split off at open, so the timing draws stay their own.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class WatermarkEcho implements Archetype {
    private static final String[] ASKS = {
        "Here are answers you wrote for us earlier:\n\n%s\n\nWrite %d new question-and-answer pairs in exactly the "
                + "same style and length. Number them.",
        "Examples of the target style:\n\n%s\n\nGenerate %d more diverse instructions with responses like these.",
        "Continue this dataset. Existing items:\n\n%s\n\nAdd %d new items in the same format."};

    @Override
    public String name() {
        return "watermark_echo";
    }

    @Override
    public Label label() {
        return Label.ATTACK;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis, sources.watermark());
    }

    private static final class Stream extends ClientStream {
        private final WatermarkedResponses watermark;
        private final SplittableRandom textRng;
        private final JitteredCadence cadence;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
                WatermarkedResponses watermark) {
            super(client, rng, startMillis, endMillis);
            this.watermark = watermark;
            this.textRng = rng.split();
            this.cadence = new JitteredCadence(rng, startMillis, between(20, 90) * Clock.SECOND, 0.4);
        }

        @Override
        protected long schedule() {
            return cadence.next();
        }

        @Override
        protected InferenceEvent build(long ts) {
            int examples = between(2, 3);
            StringBuilder pasted = new StringBuilder();
            for (int i = 0; i < examples; i++) {
                int words = 40 + textRng.nextInt(60);
                String text = watermark != null ? watermark.passage(words, textRng)
                        : WatermarkedResponses.plainPassage(words, textRng);
                pasted.append(i + 1).append(". ").append(text).append("\n\n");
            }
            String prompt = String.format(ASKS[rng.nextInt(ASKS.length)], pasted.toString().trim(), between(3, 10));
            List<Message> messages = List.of(new Message("user", prompt));
            int completion = between(400, 1_500);
            return emit(ts, Endpoint.CHAT_COMPLETIONS, Models.LARGE,
                    new RequestDraft().messages(messages).temperature(1.0).maxTokens(2048).build(),
                    ok("1. Q: ...", null, "stop", Tokens.of(messages), completion,
                            300 + completion * (long) between(12, 20)));
        }
    }
}
