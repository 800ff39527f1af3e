package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.Documents;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code rag_application}: an internal help desk or document assistant built on
 * retrieval-augmented generation (Lewis et al. 2020). Every call carries a fixed instruction and
 * a long retrieved context (about 1,000 to 3,500 tokens of passages) and a short end-user
 * question, and gets a short grounded answer (10-120 tokens). High, templated volume during
 * business hours: a hard negative for template detectors that ignore output length and for
 * detectors that treat long prompts as harvesting.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class RagApplication implements Archetype {
    /** The app's fixed system prompt. */
    public static final String SYSTEM_PROMPT = "Answer the question using only the context below. "
            + "If the answer is not in the context, say you don't know. Cite the passage number.";

    @Override
    public String name() {
        return "rag_application";
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
        private final double peakGapMillis;
        private final String model;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis) {
            super(client, rng, startMillis, endMillis);
            this.peakGapMillis = PerClient.logUniform(rng, 10_000, 300_000);
            this.model = rng.nextBoolean() ? Models.MINI : Models.LARGE;
            this.t = startMillis;
        }

        private double intensity(long ts) {
            int hour = Clock.localHour(ts, client.utcOffsetMinutes());
            return hour >= 8 && hour < 19 ? 1.0 : 0.05;
        }

        @Override
        protected long schedule() {
            t = Clock.thinnedArrival(rng, t, endMillis, peakGapMillis, this::intensity);
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            String context = Documents.context(rng, between(40, 120));
            List<Message> messages = List.of(new Message("system", SYSTEM_PROMPT),
                    new Message("user", "Context:\n" + context + "\n\nQuestion: " + Documents.question(rng)));
            int prompt = Tokens.of(messages);
            int completion = between(10, 120);
            return emit(ts, Endpoint.CHAT_COMPLETIONS, model,
                    new RequestDraft().messages(messages).temperature(0.0).maxTokens(256).build(),
                    ok(Answers.brief(rng), null, "stop", prompt, completion, 200 + prompt / 8 + completion * 12L));
        }
    }
}
