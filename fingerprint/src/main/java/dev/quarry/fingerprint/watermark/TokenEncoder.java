package dev.quarry.fingerprint.watermark;

/**
 * Turns text into the token ids a watermark was written in, for logs that keep a response's text
 * but not its {@code token_ids}. A watermark check is only as good as this match: the provider's
 * own tokenizer (a HuggingFace {@code tokenizer.json}) is the right one; {@link WordHashEncoder}
 * is the documented fallback. Implementations are immutable and thread-safe.
 */
public interface TokenEncoder {

    /** Stable name for reports, e.g. {@code whitespace-word-hash}. */
    String name();

    /** The token ids of {@code text}, in order; empty for blank text. */
    int[] encode(String text);
}
