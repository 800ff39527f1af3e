package dev.quarry.detectors.detector;

import java.util.Collection;
import java.util.Locale;

/**
 * A fixed set of words that answers whether a run of a text, lower-cased, is one of them, without
 * copying the run. The trigger checks that open several detectors' scans run over every word of
 * every prompt; a substring and its lower-case copy per word were a large share of what the stream
 * thread allocated. Open addressing on the {@link String#hashCode} of the lower-cased run.
 *
 * <p>Answers exactly what {@code words.contains(run.toLowerCase(Locale.ROOT))} answers: runs of
 * ASCII characters are lower-cased in place, any other run is copied and lower-cased as that
 * expression does. Immutable; thread-safe.
 */
final class AsciiWordSet {
    private final String[] table;
    private final int mask;
    private final int maxLength;
    private final Collection<String> words;

    AsciiWordSet(Collection<String> words) {
        int capacity = Integer.highestOneBit(Math.max(8, words.size() * 4));
        this.table = new String[capacity];
        this.mask = capacity - 1;
        this.words = words;
        int longest = 0;
        for (String w : words) {
            longest = Math.max(longest, w.length());
            int slot = spread(w.hashCode()) & mask;
            while (table[slot] != null && !table[slot].equals(w)) {
                slot = (slot + 1) & mask;
            }
            table[slot] = w;
        }
        this.maxLength = longest;
    }

    /** Whether {@code text[from, to)}, lower-cased ({@link Locale#ROOT}), is one of the words. */
    boolean containsLowerCased(CharSequence text, int from, int to) {
        int length = to - from;
        if (length > maxLength || length < 0) {
            return false;
        }
        int h = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= 128) {
                return words.contains(text.subSequence(from, to).toString().toLowerCase(Locale.ROOT));
            }
            h = 31 * h + lower(c);
        }
        for (int slot = spread(h) & mask; table[slot] != null; slot = (slot + 1) & mask) {
            String w = table[slot];
            if (w.length() == length && sameLowerCased(w, text, from)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code text[from, to)} is one of the words, as {@code words.contains(run)} answers
     * (no case folding), without copying the run.
     */
    boolean contains(CharSequence text, int from, int to) {
        int length = to - from;
        if (length > maxLength || length < 0) {
            return false;
        }
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + text.charAt(i);
        }
        for (int slot = spread(h) & mask; table[slot] != null; slot = (slot + 1) & mask) {
            String w = table[slot];
            if (w.length() == length && same(w, text, from)) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(String word, CharSequence text, int from) {
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) != text.charAt(from + i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameLowerCased(String word, CharSequence text, int from) {
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) != lower(text.charAt(from + i))) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
