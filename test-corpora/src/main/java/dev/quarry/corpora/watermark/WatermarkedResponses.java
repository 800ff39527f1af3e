package dev.quarry.corpora.watermark;

import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.watermark.GreenListScheme;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceResponse;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A provider that watermarks its outputs, for generated corpora ({@code generate --watermark-key}):
 * every successful text response that logs no token ids yet is rewritten as words of the {@link TestLanguageModel} sampled
 * with the green-list bias, with {@code response.token_ids} set to their ids and
 * {@code response.text} to the words joined by spaces. Usage counts stay as the archetype drew
 * them; the text is the first {@code min(completion_tokens, }{@value #MAX_WORDS}{@code )} words,
 * as corpora already keep only an answer's opening.
 *
 * <p>Randomness: each response draws from its own generator, seeded from the corpus seed and the
 * event id, never from an archetype's generator, so a corpus without the flag is byte-for-byte
 * what it was, and with it the events differ only in their responses (and in the
 * {@code watermark_echo} clients it asks for). Immutable and thread-safe.
 */
public final class WatermarkedResponses {
    /** Longest response text written, in words. */
    public static final int MAX_WORDS = 200;
    /** Words when the response reports no completion count. */
    private static final int DEFAULT_WORDS = 100;

    private final TestLanguageModel lm;
    private final GreenBias bias;
    private final long seed;

    /**
     * @param key the provider's secret; never printed
     * @param gamma green fraction
     * @param delta logit bias of green words (0: the same model, unwatermarked)
     * @param seed the corpus seed
     */
    public WatermarkedResponses(long key, double gamma, double delta, long seed) {
        this.lm = TestLanguageModel.get();
        this.bias = new GreenBias(new GreenListScheme(key, gamma), delta, lm.vocabulary());
        this.seed = seed;
    }

    /** {@code event} with its response rewritten as watermarked text, when it has a text response. */
    public InferenceEvent apply(InferenceEvent event) {
        InferenceResponse r = event.response();
        // Responses that already log token ids (the single biased label token of logit-bias extractors
        // and classifier apps) keep them.
        if (r.status() != 200 || r.text() == null || r.tokenIds() != null || event.endpoint() == Endpoint.EMBEDDINGS) {
            return event;
        }
        int words = Math.max(1, Math.min(MAX_WORDS, r.completionTokens() == null ? DEFAULT_WORDS : r.completionTokens()));
        SplittableRandom rng = new SplittableRandom(Hashing.mix64(seed ^ Hashing.mix64(hash(event.eventId()))));
        String prompt = event.request().userText();
        // The model looks back two words: the prompt's tail is enough (RAG prompts run to pages).
        int[] context = prompt == null ? new int[0]
                : lm.vocabulary().indices(prompt.substring(Math.max(0, prompt.length() - 200)));
        int[] out = lm.model().generate(context, words, rng, bias);
        InferenceResponse watermarked = new InferenceResponse(r.status(), lm.vocabulary().text(out),
                lm.vocabulary().ids(out), r.finishReason(), r.promptTokens(), r.completionTokens(),
                r.reasoningTokens(), r.latencyMs());
        return new InferenceEvent(event.eventId(), event.tsMillis(), event.clientId(), event.orgId(), event.ip(),
                event.userAgent(), event.tlsFingerprint(), event.paymentFingerprint(), event.endpoint(), event.model(),
                event.request(), watermarked, event.extensions());
    }

    /**
     * {@code words} words of watermarked text from {@code rng}: what the provider wrote earlier,
     * for a client that pastes its old outputs back ({@code watermark_echo}).
     */
    public String passage(int words, SplittableRandom rng) {
        return lm.vocabulary().text(lm.model().generate(new int[0], words, rng, bias));
    }

    /** Plain text of the same model, for an echo client when no watermark is configured. */
    public static String plainPassage(int words, SplittableRandom rng) {
        TestLanguageModel lm = TestLanguageModel.get();
        return lm.vocabulary().text(lm.model().generate(new int[0], words, rng, null));
    }

    /** 64-bit FNV-1a of the UTF-8 bytes: stable across JVMs, unlike a record's hashCode. */
    private static long hash(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return h;
    }
}
