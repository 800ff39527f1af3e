package dev.quarry.corpora.archetype;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client's way of phrasing its fixed texts: for each of a few dozen common instruction words
 * the client uses the word itself or one synonym, chosen once per client. Applied to an
 * archetype's template (after one of its alternative phrasings is chosen), it makes two clients
 * of one family send differently worded templates, as different operators writing their own
 * scripts do, while each client's own template stays fixed. Immutable.
 */
final class Wording {
    /** The first entry is the word as templates write it; the rest are its replacements. */
    private static final String[][] SYNONYMS = {
        {"detailed", "thorough", "in-depth", "comprehensive", "careful"},
        {"Explain", "Walk through", "Describe", "Lay out"},
        {"explain", "walk through", "describe", "spell out"},
        {"step by step", "step-by-step", "one step at a time", "point by point"},
        {"complete", "full", "exhaustive", "whole"},
        {"Give", "Provide", "Write", "Produce"},
        {"examples", "worked examples", "concrete examples", "illustrations"},
        {"reasoning", "thinking", "rationale", "logic"},
        {"question", "query", "request"},
        {"short", "brief", "concise", "compact"},
        {"summary", "recap", "overview"},
        {"Please", "Kindly", "Please,"},
        {"carefully", "attentively", "closely", "rigorously"},
        {"response", "reply", "output"},
        {"customer", "client", "user"},
        {"text", "content", "copy"},
        {"best", "better", "stronger", "preferred"},
        {"helpful", "useful", "valuable"},
        {"following", "below", "next"},
    };
    private static final Pattern[] PATTERNS = new Pattern[SYNONYMS.length];

    static {
        for (int i = 0; i < SYNONYMS.length; i++) {
            PATTERNS[i] = Pattern.compile("\\b" + Pattern.quote(SYNONYMS[i][0]) + "\\b");
        }
    }

    private final String[] chosen;

    private Wording(String[] chosen) {
        this.chosen = chosen;
    }

    /** The words of a client that rewrites about {@code share} of the replaceable words. */
    static Wording draw(SplittableRandom rng, double share) {
        String[] chosen = new String[SYNONYMS.length];
        for (int i = 0; i < SYNONYMS.length; i++) {
            chosen[i] = rng.nextDouble() < share ? SYNONYMS[i][1 + rng.nextInt(SYNONYMS[i].length - 1)] : null;
        }
        return new Wording(chosen);
    }

    /** A client that rewrites about half of the replaceable words. */
    static Wording draw(SplittableRandom rng) {
        return draw(rng, PerClient.uniform(rng, 0.2, 0.8));
    }

    /** {@code text} in this client's words. */
    String apply(String text) {
        String out = text;
        for (int i = 0; i < chosen.length; i++) {
            if (chosen[i] != null) {
                out = PATTERNS[i].matcher(out).replaceAll(Matcher.quoteReplacement(chosen[i]));
            }
        }
        return out;
    }
}
