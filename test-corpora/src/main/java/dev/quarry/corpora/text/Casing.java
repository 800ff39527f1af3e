package dev.quarry.corpora.text;

/** Sentence-case fixes for text glued together from phrase-bank parts. Stateless. */
final class Casing {
    private Casing() {}

    /**
     * {@code prefix + text}, with the first word of {@code text} lower-cased when the prefix ends
     * mid-sentence ("hey, " + "Can you" becomes "hey, can you"; "I" and acronyms stay).
     */
    static String join(String prefix, String text) {
        if (prefix.isEmpty() || endsSentence(prefix) || text.length() < 2) {
            return prefix + text;
        }
        if (Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1))) {
            return prefix + Character.toLowerCase(text.charAt(0)) + text.substring(1);
        }
        return prefix + text;
    }

    /** Upper-cases the first letter after each ". ", "! " and "? ". */
    static String sentences(String text) {
        StringBuilder b = new StringBuilder(text);
        for (int i = 2; i < b.length(); i++) {
            char end = b.charAt(i - 2);
            if ((end == '.' || end == '!' || end == '?') && b.charAt(i - 1) == ' ') {
                b.setCharAt(i, Character.toUpperCase(b.charAt(i)));
            }
        }
        return b.toString();
    }

    private static boolean endsSentence(String prefix) {
        String p = prefix.stripTrailing();
        return p.endsWith(".") || p.endsWith("!") || p.endsWith("?") || p.endsWith(":");
    }
}
