package dev.quarry.detectors.detector;

import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.TextNormaliser;

/**
 * The part of a prompt that query-similarity detectors compare. A short prompt is compared whole.
 * A prompt of more than {@code maxWords} words carries a document (RAG context, a ticket to
 * summarise, a file): what the client asks is, by convention, its last paragraph ("Question:
 * ..."), so that is compared when it has at most {@code maxWords} words; otherwise its last
 * {@code tailWords} words. A context shared by every call then does not make the calls alike.
 * Pure functions; thread-safe (the memo of {@link #embedded} is per thread).
 */
final class ComparedQuestion {
    private ComparedQuestion() {}

    /** The compared text of a long prompt and its embedding. */
    record Embedded(String text, float[] vector) {}

    /** The last long prompt a thread embedded, compared by identity of its features and by parameters. */
    private static final class Last {
        PromptFeatures features;
        int maxWords;
        int tailWords;
        Embedded embedded;
    }

    private static final ThreadLocal<Last> LAST = ThreadLocal.withInitial(Last::new);

    /**
     * {@link #of} embedded with the features' encoder. {@code near_duplicate_queries} and
     * {@code query_distance} ask for the same event's long prompt one after the other, so the
     * last result is kept per thread and returned again for the same features object and
     * parameters: the prompt is cut and embedded once. Callers must not modify the vector.
     */
    static Embedded embedded(String userText, PromptFeatures features, int maxWords, int tailWords) {
        Last last = LAST.get();
        if (last.features != features || last.maxWords != maxWords || last.tailWords != tailWords) {
            String text = of(userText, features, maxWords, tailWords);
            last.embedded = new Embedded(text, features.encoder().encode(text));
            last.features = features;
            last.maxWords = maxWords;
            last.tailWords = tailWords;
        }
        return last.embedded;
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
            int words = paragraph.isEmpty() ? 0 : paragraph.split(" ").length;
            if (words > 0 && words <= maxWords) {
                return paragraph;
            }
        }
        return lastWords(features.normalised(), tailWords);
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
