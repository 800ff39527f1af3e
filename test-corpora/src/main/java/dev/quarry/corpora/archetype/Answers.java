package dev.quarry.corpora.archetype;

import dev.quarry.corpora.text.Cuts;
import java.util.SplittableRandom;

/**
 * Stand-in output text. Corpora record the usage counts the provider would log; the text itself
 * is a short opening of the answer, so a corpus of millions of long answers stays a few GB.
 */
final class Answers {
    private static final String[] OPENINGS = {"Sure! ", "Good question. ", "", "Here's a clear explanation. ",
        "Let's break it down. "};

    private Answers() {}

    /** The visible start of a chain-of-thought answer to {@code prompt}. */
    static String reasoning(String prompt) {
        return "Let me reason through this step by step.\n\nStep 1: Restate the problem. " + head(prompt, 120)
                + "\n\nStep 2: Identify what is known and what is asked...\n\nStep 3: ...";
    }

    /** The start of an ordinary helpful answer. */
    static String helpful(String prompt, SplittableRandom rng) {
        return OPENINGS[rng.nextInt(OPENINGS.length)] + "About \"" + head(prompt, 60) + "\": ...";
    }

    /** A short answer, as a RAG app or a quiz expects. */
    static String brief(SplittableRandom rng) {
        String[] answers = {"Up to five days.", "Within 14 days of purchase.", "Your director.", "Yes.", "No.",
            "On the first business day of the month.", "From the settings page.", "The answer is B."};
        return answers[rng.nextInt(answers.length)];
    }

    static String head(String text, int chars) {
        String flat = text.replace('\n', ' ');
        return flat.length() <= chars ? flat : Cuts.prefix(flat, chars) + "...";
    }
}
