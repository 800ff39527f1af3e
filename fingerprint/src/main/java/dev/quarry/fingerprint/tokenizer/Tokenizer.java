package dev.quarry.fingerprint.tokenizer;

/**
 * Turns text into the token ids of one model's vocabulary. The watermark checks need the ids
 * the provider's model would see, so a tokenizer here must be the serving model's own (same
 * {@code tokenizer.json}), without special tokens (no BOS, CLS or SEP: they are not text).
 * Implementations are thread-safe; {@link #close()} frees native memory where there is some.
 */
public interface Tokenizer extends AutoCloseable {

    /** Stable name for reports and logs, e.g. {@code whitespace-word-hash}. */
    String name();

    /** Token ids of {@code text}, in order; empty for empty text. */
    int[] encode(String text);

    /** Frees what the tokenizer holds; a no-op unless overridden. */
    @Override
    default void close() {}
}
