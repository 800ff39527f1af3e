package dev.quarry.corpora.text;

/**
 * Substrings that never split a surrogate pair. Public texts hold emoji and other characters
 * outside the Basic Multilingual Plane; a cut by {@code char} index can leave half of one, which is
 * not valid Unicode and makes the event line invalid (a dead letter, rightly).
 */
public final class Cuts {
    private Cuts() {}

    /** {@code text[from, to)}, each end moved inwards off the middle of a surrogate pair. */
    public static String range(String text, int from, int to) {
        int start = from;
        if (start > 0 && start < text.length() && Character.isLowSurrogate(text.charAt(start))
                && Character.isHighSurrogate(text.charAt(start - 1))) {
            start++;
        }
        int end = to;
        if (end > start && end < text.length() && Character.isLowSurrogate(text.charAt(end))
                && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, Math.max(start, end));
    }

    /** The first {@code chars} characters, or one fewer where that would split a pair. */
    public static String prefix(String text, int chars) {
        return text.length() <= chars ? text : range(text, 0, chars);
    }
}
