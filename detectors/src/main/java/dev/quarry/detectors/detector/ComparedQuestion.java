package dev.quarry.detectors.detector;

import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.TextNormaliser;

/**
 * The part of a prompt that query-similarity detectors compare. A short prompt is compared whole.
 * A prompt of more than {@code maxWords} words carries a document (RAG context, a ticket to
 * summarise, a file): what the client asks is, by convention, its last paragraph ("Question:
 * ..."), so that is compared when it has at most {@code maxWords} words; otherwise its last
 * {@code tailWords} words. A context shared by every call then does not make the calls alike.
 * Pure functions; thread-safe.
 */
final class ComparedQuestion {
    private ComparedQuestion() {}

    /** The compared text of a long prompt and its embedding. */
    record Embedded(String text, float[] vector) {}

    /**
     * What {@link #embedded} is kept under in the event's features: the cut's parameters. A class
     * with its own equals and hash code, not a record: a record's go through a method handle that
     * the features' map lookup paid for on every event.
     */
    private static final class Cut {
        private final int maxWords;
        private final int tailWords;

        Cut(int maxWords, int tailWords) {
            this.maxWords = maxWords;
            this.tailWords = tailWords;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cut c && c.maxWords == maxWords && c.tailWords == tailWords;
        }

        @Override
        public int hashCode() {
            return 31 * maxWords + tailWords;
        }
    }

    /**
     * {@link #of} embedded with the features' encoder. {@code near_duplicate_queries} and
     * {@code query_distance} ask for the same event's long prompt one after the other, so it is
     * kept with the event's features ({@link PromptFeatures#derived}): the prompt is cut and
     * embedded once. Callers must not modify the vector.
     */
    static Embedded embedded(String userText, PromptFeatures features, int maxWords, int tailWords) {
        return features.derived(new Cut(maxWords, tailWords), () -> {
            String text = of(userText, features, maxWords, tailWords);
            return new Embedded(text, features.encoder().encode(text));
        });
    }

    /** The normalised text to compare; {@code features.normalised()} itself for a short prompt. */
    static String of(String userText, PromptFeatures features, int maxWords, int tailWords) {
        if (features.words() <= maxWords) {
            return features.normalised();
        }
        int end = userText.length();
        while (end > 0 && Character.isWhitespace(userText.charAt(end - 1))) {
            end--;
        }
        int cut = userText.lastIndexOf('\n', end - 1);
        if (cut >= 0) {
            String paragraph = TextNormaliser.normalise(userText.substring(cut + 1, end));
            int words = paragraph.isEmpty() ? 0 : spaceFields(paragraph);
            if (words > 0 && words <= maxWords) {
                return paragraph;
            }
        }
        return lastWords(features.normalised(), tailWords);
    }

    /**
     * {@code s.split(" ").length} for a non-empty {@code s}, without building the array: the
     * fields between single spaces, less the empty ones at the end.
     */
    static int spaceFields(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        if (end == 0) {
            return 0;
        }
        int n = 1;
        for (int i = 0; i < end; i++) {
            if (s.charAt(i) == ' ') {
                n++;
            }
        }
        return n;
    }

    /** The last {@code words} words of normalised (single-spaced) text. */
    static String lastWords(String text, int words) {
        int seen = 0;
        for (int i = text.length() - 1; i >= 0; i--) {
            if (text.charAt(i) == ' ' && ++seen == words) {
                return text.substring(i + 1);
            }
        }
        return text;
    }
}
