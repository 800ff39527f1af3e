package dev.quarry.fingerprint.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The fallback {@link Tokenizer}: text lower-cased ({@link Locale#ROOT}), split on whitespace,
 * each word mapped to {@code 1 + (FNV-1a-32(UTF-8 bytes) mod (2^31 - 1))}, so ids are positive
 * ints, the same on every JVM and run. Not a real tokenizer: it matches only text whose watermark
 * was written over these word ids (Quarry's seeded test language model writes its watermark this
 * way); for an endpoint's real text, configure its HuggingFace tokenizer. Stateless and
 * thread-safe.
 */
public final class WordHashEncoder implements Tokenizer {
    private static final int FNV_OFFSET = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;
    private static final int[] NONE = new int[0];

    @Override
    public String name() {
        return "whitespace-word-hash";
    }

    @Override
    public int[] encode(String text) {
        String[] words = text.toLowerCase(Locale.ROOT).trim().split("\\s+");
        if (words.length == 1 && words[0].isEmpty()) {
            return NONE;
        }
        int[] ids = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            ids[i] = idOf(words[i]);
        }
        return ids;
    }

    /** The id of one word, taken as it is (the caller lower-cases and splits). */
    public static int idOf(String word) {
        int h = FNV_OFFSET;
        for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * FNV_PRIME;
        }
        return 1 + (int) ((h & 0xFFFFFFFFL) % Integer.MAX_VALUE);
    }
}
