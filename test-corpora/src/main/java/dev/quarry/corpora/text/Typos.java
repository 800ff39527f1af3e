package dev.quarry.corpora.text;

import java.util.SplittableRandom;

/**
 * Human typing slips: swapped, dropped or doubled letters inside one word. Stateless and
 * thread-safe.
 */
public final class Typos {
    private Typos() {}

    /**
     * The text with one slip in a word of at least four letters, or unchanged when it has no such
     * word.
     */
    public static String introduce(String text, SplittableRandom rng) {
        int words = 0;
        for (int i = 0; i < text.length(); ) {
            int end = wordEnd(text, i);
            if (end - i >= 4) {
                words++;
            }
            i = Math.max(end, i + 1);
        }
        if (words == 0) {
            return text;
        }
        int target = rng.nextInt(words);
        for (int i = 0; i < text.length(); ) {
            int end = wordEnd(text, i);
            if (end - i >= 4 && target-- == 0) {
                return text.substring(0, i) + slip(text.substring(i, end), rng) + text.substring(end);
            }
            i = Math.max(end, i + 1);
        }
        return text;
    }

    private static String slip(String word, SplittableRandom rng) {
        int at = 1 + rng.nextInt(word.length() - 2);
        switch (rng.nextInt(3)) {
            case 0:
                return word.substring(0, at) + word.charAt(at + 1) + word.charAt(at) + word.substring(at + 2);
            case 1:
                return word.substring(0, at) + word.substring(at + 1);
            default:
                return word.substring(0, at) + word.charAt(at) + word.substring(at);
        }
    }

    private static int wordEnd(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isLetter(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
