package dev.quarry.detectors.detector;

import dev.quarry.fingerprint.TextNormaliser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scores how strongly one instruction text demands the model's full, hidden chain of thought.
 * A weighted phrase-feature scorer over normalised words, not a list of fixed sentences: it
 * finds a reasoning <em>object</em> ("chain of thought", "thought process", "scratchpad",
 * "reasoning", "thinking") and weighs the words of its clause: an emission <em>verb</em> before
 * it ("show", "output", "write out", "reveal", "articulate"), a completeness <em>qualifier</em>
 * just before it ("full", "complete", "entire", "verbatim", "all", "every", "raw"), an
 * internality qualifier anywhere in the clause ("internal", "hidden", "inner", "private",
 * "internally"). Separate cues add to that: a negated summary ("do not summarise / skip / omit /
 * condense ...") aimed at a reasoning object, explicit thinking tags ({@code <think>},
 * {@code <scratchpad>}), "think aloud", and process-completeness markers ("dead ends",
 * "every intermediate step", "false starts", "backtracking"), and "... as you reason internally"
 * in the clause after the object.
 *
 * <p>Ordinary chain-of-thought prompting is not coercion: "explain step by step", "show your
 * work", "explain your reasoning", a tutor's "show every step of your reasoning" and a product's
 * "put your reasoning inside &lt;thinking&gt; tags" score 0.1-0.45, under the 0.5 at which the
 * detector calls a request coercive: they ask for visible reasoning, and only a plain reasoning word
 * with an internality qualifier, a named reasoning trace ("chain of thought", "scratchpad") with an
 * emission verb, or a refusal to let it be summarised points at the hidden trace; "write out your complete chain of thought, exactly as you reason internally"
 * scores 1.0. The cues are combined by noisy-OR of the strongest value of each kind, so one cue
 * repeated does not add up. Only the first and last {@value #EDGE_CHARS} characters of a message
 * are read: instructions sit at its edges, and a 1 MB prompt must not cost a 1 MB scan. The
 * last {@value #CACHED_TEXTS} texts of up to {@value #CACHED_CHARS} characters scored on a thread
 * are kept with their scores, since conversations and products send the same system prompt and
 * earlier turns again with every request.
 *
 * <p>Thread-safe: the scores kept are per thread.
 */
final class CoercionLexicon {
    static final int EDGE_CHARS = 2048;
    private static final Pattern TAG = Pattern.compile(
            "<\\s*/?\\s*(think|thinking|thought|thoughts|scratchpad|reasoning|cot|monologue|inner_monologue)\\s*>");
    /** Multi-word objects that are inherently about the model's own reasoning. */
    private static final List<String[]> STRONG_OBJECTS = List.of(
            w("chain of thought"), w("chain of thoughts"), w("chains of thought"), w("cot"),
            w("thought process"), w("thinking process"), w("reasoning process"), w("thought processes"),
            w("reasoning trace"), w("reasoning traces"), w("thinking trace"), w("reasoning chain"),
            w("scratchpad"), w("scratch pad"), w("monologue"), w("thinking tokens"), w("reasoning tokens"),
            w("train of thought"), w("stream of consciousness"), w("deliberation"), w("deliberations"));
    private static final Set<String> WEAK_OBJECTS = Set.of("reasoning", "thinking", "thoughts", "rationale",
            "thought", "reasonings");
    private static final Set<String> VERBS = Set.of("show", "output", "write", "reveal", "articulate", "print",
            "dump", "reproduce", "include", "expose", "display", "transcribe", "emit", "share", "narrate", "spell",
            "verbalize", "verbalise", "provide", "give", "list", "document", "externalize", "externalise", "copy",
            "present", "record", "detail", "put", "disclose", "render", "lay", "walk");
    private static final Set<String> COMPLETE = Set.of("full", "complete", "entire", "whole", "verbatim", "all",
            "every", "raw", "unabridged", "unedited", "unfiltered", "exact", "uncut", "unredacted",
            "exhaustive", "literal");
    private static final Set<String> INTERNAL = Set.of("internal", "internally", "hidden", "inner", "private",
            "secret", "underlying", "innermost");
    private static final Set<String> NEGATORS = Set.of("not", "don", "dont", "never", "without", "no", "avoid");
    private static final Set<String> SUPPRESS = Set.of("summarise", "summarize", "summarising", "summarizing",
            "summary", "summaries", "skip", "skipping", "omit", "omitting", "abbreviate", "condense", "shorten",
            "truncate", "compress", "hide", "hiding", "redact", "paraphrase", "abridge", "leave", "leaving", "cut",
            "elide", "trim");
    /** What only a raw trace has: the dead ends a cleaned-up explanation leaves out. */
    private static final List<String[]> RAW_TRACE_MARKERS = List.of(w("dead ends"), w("dead end"),
            w("false starts"), w("backtracking"), w("self corrections"), w("abandoned approaches"), w("wrong turns"));
    /** What a worked explanation for a learner has too. */
    private static final List<String[]> STEP_MARKERS = List.of(w("intermediate step"), w("intermediate steps"),
            w("every step"), w("each step"), w("every single step"));
    private static final List<String[]> ALOUD = List.of(w("think aloud"), w("think out loud"),
            w("thinking aloud"), w("thinking out loud"), w("reason aloud"), w("reason out loud"));

    private CoercionLexicon() {}

    /** The score of one text, with the cues that produced it. */
    record Score(double value, List<String> cues) {
        static final Score NONE = new Score(0, List.of());
    }

    /** Scores the text; empty or null text scores 0. */
    static Score score(String text) {
        if (text == null || text.isEmpty()) {
            return Score.NONE;
        }
        if (text.length() > CACHED_CHARS) {
            return scoreUncached(text);
        }
        // A conversation sends its system prompt and earlier user turns again with every turn,
        // and a product one system prompt with every call: most texts scored were scored before.
        return RECENT.get().score(text);
    }

    /** Texts up to this long are remembered with their score: the ones read whole. */
    static final int CACHED_CHARS = 2 * EDGE_CHARS;
    /** Texts remembered per thread; at most this many times {@link #CACHED_CHARS} characters held. */
    static final int CACHED_TEXTS = 512;
    /** The texts scored last on this thread, with their scores (a pure function of the text). */
    private static final ThreadLocal<Recent> RECENT = ThreadLocal.withInitial(Recent::new);

    /**
     * A direct-mapped cache of {@link #CACHED_TEXTS} slots, by the text's {@link String#hashCode}
     * (which the string keeps once computed): a text takes the slot of its hash, in place of
     * whatever was there. Most texts scored are new user turns, looked up once and never again, so
     * a least-recently-used map spent more on its entries (a node per text, its links, evicting the
     * eldest) than on the lookups it saved; the repeated ones (a product's system prompt, a
     * conversation's earlier turns) are sent again soon, mostly before another text takes their
     * slot. Which texts are kept changes no score: it is a pure function of the text.
     */
    private static final class Recent {
        private final String[] texts = new String[CACHED_TEXTS];
        private final Score[] scores = new Score[CACHED_TEXTS];

        Score score(String text) {
            int h = text.hashCode();
            int slot = (h ^ (h >>> 16)) & (CACHED_TEXTS - 1);
            String known = texts[slot];
            if (known != null && known.equals(text)) {
                return scores[slot];
            }
            Score s = scoreUncached(text);
            texts[slot] = text;
            scores[slot] = s;
            return s;
        }
    }

    private static Score scoreUncached(String text) {
        String edges = edges(text);
        if (!mayScore(edges)) {
            return Score.NONE;
        }
        String s = TextNormaliser.normalise(edges);
        List<String> t = tokens(s);
        int[] k = classes(t);
        double object = 0;
        double antiSummary = 0;
        double process = 0;
        double aloud = 0;
        double tags = 0;
        boolean anyObject = false;
        for (int i = 0; i < t.size(); i++) {
            int len = strongObjectAt(t, k, i);
            boolean strong = len > 0;
            if (!strong && (k[i] & WEAK_OBJECT) != 0) {
                len = 1;
            }
            if (len == 0) {
                continue;
            }
            anyObject = true;
            object = Math.max(object, objectScore(t, k, i, len, strong));
        }
        for (int i = 0; i < t.size(); i++) {
            if ((k[i] & (NEGATOR | PHRASE_START)) == 0) {
                continue;
            }
            if ((k[i] & NEGATOR) != 0) {
                antiSummary = Math.max(antiSummary, antiSummaryAt(t, k, i, anyObject));
            }
            if (matchesAt(t, i, RAW_TRACE_MARKERS) > 0) {
                process = Math.max(process, 0.35);
            } else if (matchesAt(t, i, STEP_MARKERS) > 0) {
                process = Math.max(process, 0.1);
            }
            if (matchesAt(t, i, ALOUD) > 0) {
                aloud = 0.3;
            }
        }
        Matcher m = TAG.matcher(s);
        if (m.find()) {
            // Asking for reasoning inside tags asks for visible reasoning in a given format, as many
            // products do; it says "hidden" only beside another cue.
            tags = s.contains("tag") || s.contains("inside") || s.contains("wrap") || s.contains("between")
                    ? 0.35 : 0.25;
        }
        List<String> cues = new ArrayList<>(5);
        double miss = 1;
        miss *= cue(cues, "reasoning_object", object);
        miss *= cue(cues, "no_summary", antiSummary);
        miss *= cue(cues, "process_markers", process);
        miss *= cue(cues, "think_aloud", aloud);
        miss *= cue(cues, "thinking_tags", tags);
        return new Score(1 - miss, List.copyOf(cues)); // shared by later calls: immutable
    }

    private static double cue(List<String> cues, String name, double v) {
        if (v > 0) {
            cues.add(name);
        }
        return 1 - v;
    }

    /** A reasoning object at {@code i}, weighed by the verb, qualifiers and internality of its clause. */
    private static double objectScore(List<String> t, int[] c, int i, int len, boolean strong) {
        boolean verb = false;
        boolean complete = false;
        boolean internal = false;
        for (int k = i - 1; k >= Math.max(0, i - 7) && (c[k] & BOUNDARY) == 0; k--) {
            verb |= (c[k] & VERB) != 0;
            complete |= k >= i - 4 && (c[k] & COMPLETE_WORD) != 0;
            internal |= (c[k] & INTERNAL_WORD) != 0;
        }
        for (int k = i + len; k < Math.min(t.size(), i + len + 6) && (c[k] & BOUNDARY) == 0; k++) {
            internal |= (c[k] & INTERNAL_WORD) != 0;
            complete |= "verbatim".equals(t.get(k)) || "unabridged".equals(t.get(k));
        }
        // "exactly as you reason internally" usually sits in the next clause: look one clause on.
        boolean you = false;
        for (int k = i + len; k < Math.min(t.size(), i + len + 10); k++) {
            you |= "you".equals(t.get(k));
            internal |= you && "internally".equals(t.get(k));
        }
        // "Show every step of your reasoning" is what a tutor asks for the learner's sake: a plain
        // reasoning word with a verb and "every" stays under the coercive 0.5 unless the clause
        // points at the model's own hidden or internal reasoning.
        double v = strong ? 0.45 + (verb ? 0.25 : 0) + (complete ? 0.3 : 0)
                : 0.1 + (verb ? 0.1 : 0) + (complete ? 0.15 : 0);
        return Math.min(1.0, v + (internal ? 0.4 : 0));
    }

    /** "do not summarise your reasoning": strongest when a reasoning object follows the suppression. */
    private static double antiSummaryAt(List<String> t, int[] c, int i, boolean anyObject) {
        for (int k = i + 1; k < Math.min(t.size(), i + 4) && (c[k] & BOUNDARY) == 0; k++) {
            if ((c[k] & SUPPRESSION) != 0) {
                for (int j = k + 1; j < Math.min(t.size(), k + 8) && (c[j] & BOUNDARY) == 0; j++) {
                    if (strongObjectAt(t, c, j) > 0 || (c[j] & WEAK_OBJECT) != 0) {
                        return 0.6;
                    }
                }
                return anyObject ? 0.4 : 0.1;
            }
        }
        return 0;
    }

    private static int strongObjectAt(List<String> t, int[] c, int i) {
        return (c[i] & STRONG_START) == 0 ? 0 : matchesAt(t, i, STRONG_OBJECTS);
    }

    /*
     * Word classes, one bit each: a token's classes are looked up once, in one map, instead of in
     * a set per class at every position that asks (each text scored asks several times a token).
     */
    private static final int WEAK_OBJECT = 1;
    private static final int VERB = 1 << 1;
    private static final int COMPLETE_WORD = 1 << 2;
    private static final int INTERNAL_WORD = 1 << 3;
    private static final int NEGATOR = 1 << 4;
    private static final int SUPPRESSION = 1 << 5;
    private static final int BOUNDARY = 1 << 6;
    /** The first word of a {@link #STRONG_OBJECTS} phrase. */
    private static final int STRONG_START = 1 << 7;
    /** The first word of a {@link #RAW_TRACE_MARKERS}, {@link #STEP_MARKERS} or {@link #ALOUD} phrase. */
    private static final int PHRASE_START = 1 << 8;
    private static final Map<String, Integer> CLASSES = wordClasses();

    private static Map<String, Integer> wordClasses() {
        Map<String, Integer> m = new HashMap<>();
        BiConsumer<Iterable<String>, Integer> add = (words, bit) -> words.forEach(w -> m.merge(w, bit, (a, b) -> a | b));
        add.accept(WEAK_OBJECTS, WEAK_OBJECT);
        add.accept(VERBS, VERB);
        add.accept(COMPLETE, COMPLETE_WORD);
        add.accept(INTERNAL, INTERNAL_WORD);
        add.accept(NEGATORS, NEGATOR);
        add.accept(SUPPRESS, SUPPRESSION);
        add.accept(List.of(".", ";", ":", "!", "?", "(", ")", "\n"), BOUNDARY);
        add.accept(STRONG_OBJECTS.stream().map(p -> p[0]).toList(), STRONG_START);
        add.accept(Stream.of(RAW_TRACE_MARKERS, STEP_MARKERS, ALOUD).flatMap(List::stream).map(p -> p[0]).toList(),
                PHRASE_START);
        return m; // never changed after this, so safe to read from any thread
    }

    /** The classes of each token, in order. */
    private static int[] classes(List<String> t) {
        int[] c = new int[t.size()];
        for (int i = 0; i < c.length; i++) {
            Integer bits = CLASSES.get(t.get(i));
            c[i] = bits == null ? 0 : bits;
        }
        return c;
    }

    /** Length in words of the longest phrase of {@code phrases} starting at {@code i}, or 0. */
    private static int matchesAt(List<String> t, int i, List<String[]> phrases) {
        // Phrases are looked up by their first word: most tokens start none, and scanning every
        // phrase for every token was the bulk of this detector's cost.
        List<String[]> candidates = BY_FIRST_WORD.get(phrases).get(t.get(i));
        if (candidates == null) {
            return 0;
        }
        int best = 0;
        for (String[] p : candidates) {
            if (p.length > best && i + p.length <= t.size()) {
                boolean all = true;
                for (int k = 1; k < p.length && all; k++) {
                    all = p[k].equals(t.get(i + k));
                }
                if (all) {
                    best = p.length;
                }
            }
        }
        return best;
    }

    private static final Map<List<String[]>, Map<String, List<String[]>>> BY_FIRST_WORD = new IdentityHashMap<>();

    static {
        for (List<String[]> phrases : List.of(STRONG_OBJECTS, RAW_TRACE_MARKERS, STEP_MARKERS, ALOUD)) {
            Map<String, List<String[]>> index = new HashMap<>();
            for (String[] p : phrases) {
                index.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p);
            }
            BY_FIRST_WORD.put(phrases, index);
        }
    }

    /**
     * Words of which every cue needs at least one: the last word of each phrase, every single-word
     * object and suppression verb, and the tag names. Text with none of them scores 0.
     */
    private static final Set<String> TRIGGERS = triggers();

    private static Set<String> triggers() {
        Set<String> t = new HashSet<>(WEAK_OBJECTS);
        t.addAll(SUPPRESS);
        for (List<String[]> phrases : List.of(STRONG_OBJECTS, RAW_TRACE_MARKERS, STEP_MARKERS, ALOUD)) {
            for (String[] p : phrases) {
                t.add(p[p.length - 1]);
            }
        }
        t.addAll(List.of("think", "thinking", "thought", "thoughts", "scratchpad", "reasoning", "cot", "monologue"));
        return Set.copyOf(t);
    }

    /**
     * A cheap pass that rules out most text before normalising and tokenising it: false when the
     * text is ASCII and holds no {@link #TRIGGERS} word, in which case {@link #score} is exactly 0.
     * Non-ASCII text always goes the full way, since NFKC may turn look-alike characters into a
     * trigger.
     */
    static boolean mayScore(String text) {
        int n = text.length();
        int start = -1;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : ' ';
            if (c >= 128) {
                return true;
            }
            boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (word) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                char first = (char) (text.charAt(start) | 0x20); // ASCII lower case
                if (i - start <= MAX_TRIGGER_CHARS && first >= 'a' && first <= 'z' && TRIGGER_FIRST[first - 'a']
                        && TRIGGER_WORDS.containsLowerCased(text, start, i)) {
                    return true;
                }
                start = -1;
            }
        }
        return false;
    }

    private static final int MAX_TRIGGER_CHARS = TRIGGERS.stream().mapToInt(String::length).max().orElse(0);
    /** First letters of the triggers, so most words are ruled out without a copy or a lookup. */
    private static final boolean[] TRIGGER_FIRST = new boolean[26];
    private static final AsciiWordSet TRIGGER_WORDS = new AsciiWordSet(TRIGGERS);

    static {
        for (String t : TRIGGERS) {
            char c = t.charAt(0);
            if (c >= 'a' && c <= 'z') {
                TRIGGER_FIRST[c - 'a'] = true;
            }
        }
    }

    /**
     * The tokens of {@code s}: what the pattern {@code [\p{L}\p{N}]+|[.,;:!?()\n]} finds, runs of
     * letters and digits (by code point) and single punctuation marks; hyphens and underscores
     * separate words as spaces do. A hand-written scan: it runs on every text that passes
     * {@link #mayScore}, and a matcher, its groups and copies of the text were most of this
     * class's cost. {@code CoercionLexiconTest} checks it against the pattern.
     */
    static List<String> tokens(String s) {
        int n = s.length();
        List<String> out = new ArrayList<>(n / 5 + 4);
        int start = -1;
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            if (wordCodePoint(cp)) {
                if (start < 0) {
                    start = i;
                }
            } else {
                if (start >= 0) {
                    out.add(s.substring(start, i));
                    start = -1;
                }
                int mark = cp < 128 ? MARKS.indexOf(cp) : -1;
                if (mark >= 0) {
                    out.add(MARK_TOKENS[mark]);
                }
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            out.add(s.substring(start));
        }
        return out;
    }

    /** The punctuation kept as tokens, and each as a shared one-character string. */
    private static final String MARKS = ".,;:!?()\n";
    private static final String[] MARK_TOKENS = MARKS.chars().mapToObj(c -> String.valueOf((char) c))
            .toArray(String[]::new);
    private static final int NUMBER_TYPES = (1 << Character.DECIMAL_DIGIT_NUMBER) | (1 << Character.LETTER_NUMBER)
            | (1 << Character.OTHER_NUMBER);

    /** As {@code [\p{L}\p{N}]} matches: a letter or a number of any Unicode category of each. */
    private static boolean wordCodePoint(int cp) {
        if (cp < 128) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
        }
        return Character.isLetter(cp) || ((NUMBER_TYPES >> Character.getType(cp)) & 1) != 0;
    }

    private static String edges(String text) {
        if (text.length() <= 2 * EDGE_CHARS) {
            return text;
        }
        return text.substring(0, EDGE_CHARS) + "\n" + text.substring(text.length() - EDGE_CHARS);
    }

    private static String[] w(String phrase) {
        return phrase.split(" ");
    }
}
