package dev.quarry.fingerprint.encoder;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into a fixed-length, L2-normalised embedding, so that the dot product of two
 * embeddings is their cosine similarity. Implementations are deterministic (the same text gives
 * the same vector on every machine and run: embeddings feed per-client state that the live and
 * replay paths must agree on) and thread-safe.
 */
public interface TextEncoder {

    /** Stable name for configuration and evidence, e.g. {@code hashing-256}. */
    String name();

    /** Length of every vector this encoder returns. */
    int dimension();

    /** The embedding of {@code text}; all zeros for text with no features (e.g. empty). */
    float[] encode(String text);

    /**
     * Embeddings of several texts, in order. Encoders that run a model override this to batch;
     * the default encodes one by one.
     */
    default List<float[]> encodeBatch(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(encode(t));
        }
        return out;
    }
}
