package dev.quarry.ingest;

/**
 * Bounded pieces of a text for samples, evidence and keys. Every cut keeps surrogate pairs
 * whole: a piece never begins with the low half or ends with the high half of a pair. The marked
 * forms add "…" where text was cut, so an analyst sees that a sample is partial.
 */
public final class TextClip {
    private static final String MARK = "\u2026";

    private TextClip() {
    }

    /** At most {@code maxChars} chars from the start of {@code s}, unmarked. */
    public static String prefix(String s, int maxChars) {
        if (s.length() <= maxChars) {
            return s;
        }
        int end = Math.max(0, maxChars);
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1)) && Character.isLowSurrogate(s.charAt(end))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** The start of {@code s}, at most {@code maxChars} chars of it, then "…" when it was cut. */
    public static String head(String s, int maxChars) {
        return s.length() <= maxChars ? s : prefix(s, maxChars) + MARK;
    }

    /** "…" when {@code s} was cut, then at most its last {@code maxChars} chars. */
    public static String tail(String s, int maxChars) {
        if (s.length() <= maxChars) {
            return s;
        }
        int start = s.length() - Math.max(0, maxChars);
        if (start < s.length() && Character.isLowSurrogate(s.charAt(start)) && Character.isHighSurrogate(s.charAt(start - 1))) {
            start++;
        }
        return MARK + s.substring(start);
    }

    /**
     * At most {@code maxChars} chars of {@code s} starting {@code before} chars ahead of
     * {@code at} (clamped to the text), with "…" on each side that was cut.
     */
    public static String around(String s, int at, int before, int maxChars) {
        int from = Math.max(0, Math.min(at, s.length()) - before);
        if (from > 0 && Character.isLowSurrogate(s.charAt(from)) && Character.isHighSurrogate(s.charAt(from - 1))) {
            from++;
        }
        String rest = s.substring(from);
        String piece = prefix(rest, maxChars);
        return (from > 0 ? MARK : "") + piece + (piece.length() < rest.length() ? MARK : "");
    }
}
