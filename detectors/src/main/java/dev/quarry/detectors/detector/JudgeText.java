package dev.quarry.detectors.detector;

import java.util.Arrays;
import java.util.Set;

/**
 * Lower-cased text cut into words once, with the word-level cues of {@link JudgeRequest}: candidate
 * labels, the grading scale, the judge persona, comparison and ranking instructions, question
 * labels. Each vocabulary is the published judge prompts' (see {@link JudgeRequest}). A word is a
 * run of letters and digits; the punctuation between words ({@code [[A]]}, {@code <text 1>},
 * {@code Response A:}) is read from the text itself. Not thread-safe (one instance per request).
 */
final class JudgeText {
    /** Nouns of labelled candidates: "Response A", "[Answer 1]", "Assistant B's", "Output (a)", "<text 2>", "Summary 1 -". */
    static final Set<String> CANDIDATE_NOUNS = Set.of("response", "answer", "output", "completion", "reply",
            "candidate", "assistant", "summary", "text", "model");
    /** Nouns of one unlabelled candidate: a "Response:" line, a {@code <response>} block. */
    static final Set<String> SINGLE_NOUNS = Set.of("response", "answer", "output", "completion", "reply");
    private static final Set<String> SINGLE_PREFIX = Set.of("the", "ai", "assistant", "model", "student", "chatbot", "s");
    private static final Set<String> TAG_NOUNS = Set.of("response", "answer", "output", "completion", "candidate");
    private static final Set<String> TO_VERBS = Set.of("evaluate", "grade", "rate", "score", "be");
    /** What a grading instruction names before its scale: "on a scale of 1 to 10", "score from 0-5" (MT-bench, UltraFeedback). */
    static final Set<String> SCALE_WORDS = Set.of("scale", "score", "scores", "rating", "rate", "grade", "point", "points");
    private static final Set<String> SCALE_TOPS = Set.of("3", "4", "5", "7", "10", "100");
    static final Set<String> GRADE_VERBS = Set.of("rate", "rating", "score", "grade", "evaluate", "assess", "judge");
    /** "act as an impartial judge" (MT-bench), evaluator / grader / annotator personas. */
    private static final Set<String> JUDGE_ROLES = Set.of("judge", "evaluator", "grader", "annotator", "rater");
    /** "which ... is better / less harmful" (MT-bench; Constitutional AI). */
    private static final Set<String> COMPARATIVES = Set.of("better", "best", "preferred", "preferable", "superior", "worse");
    /** Verbs of a forced choice between candidates (RLAIF's and Constitutional AI's preference prompts). */
    private static final Set<String> CHOICE_VERBS = Set.of("pick", "choose", "select");
    /** What a forced choice names after its comparative: "choose the clearer reply", "select the safer one". */
    private static final Set<String> CHOSEN_NOUNS = Set.of("one", "response", "answer", "reply", "output",
            "completion", "candidate", "option", "summary");
    private static final Set<String> DEGREE_WORDS = Set.of("more", "most", "less", "least");
    private static final Set<String> RANK_WORDS = Set.of("rank", "ranks", "ranked", "ranking");
    /** Where the judged task is: MT-bench's "[User Question]", UltraFeedback's "Instruction:", a "Human:" turn (HH / Constitutional AI). */
    static final Set<String> QUESTION_LABELS = Set.of("question", "instruction", "prompt", "query", "task",
            "conversation", "dialogue", "human", "user");
    private static final Set<String> QUESTION_PREFIX = Set.of("the", "user", "s", "original");

    final String s;
    int n;
    String[] w = new String[64];
    int[] start = new int[64];
    int[] end = new int[64];

    JudgeText(String lower) {
        this.s = lower;
        int i = 0;
        int len = lower.length();
        while (i < len) {
            while (i < len && !Character.isLetterOrDigit(lower.charAt(i))) {
                i++;
            }
            int from = i;
            while (i < len && Character.isLetterOrDigit(lower.charAt(i))) {
                i++;
            }
            if (i > from) {
                if (n == w.length) {
                    w = Arrays.copyOf(w, n * 2);
                    start = Arrays.copyOf(start, n * 2);
                    end = Arrays.copyOf(end, n * 2);
                }
                w[n] = lower.substring(from, i);
                start[n] = from;
                end[n++] = i;
            }
        }
    }

    private boolean is(int i, String word) {
        return i >= 0 && i < n && w[i].equals(word);
    }

    private boolean in(int i, Set<String> words) {
        return i >= 0 && i < n && words.contains(w[i]);
    }

    private char at(int k) {
        return k >= 0 && k < s.length() ? s.charAt(k) : '\n';
    }

    /** Index of the first character at or after {@code k} that is not a space or tab. */
    private int skipBlanks(int k) {
        while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
            k++;
        }
        return k;
    }

    /** True when only characters of {@code allowed} lie between words i and j. */
    private boolean only(int i, int j, String allowed) {
        for (int k = end[i]; k < start[j]; k++) {
            if (allowed.indexOf(s.charAt(k)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** True when no sentence or line ends between words i and j. */
    private boolean sameSentence(int i, int j) {
        for (int k = end[i]; k < start[j]; k++) {
            char c = s.charAt(k);
            if (c == '.' || c == '?' || c == '!' || c == '\n') {
                return false;
            }
        }
        return true;
    }

    /** The label bit (a-h: 0-7, 1-9: 8-16) of a labelled candidate at word i, or -1. */
    int candidateLabel(int i) {
        if (!CANDIDATE_NOUNS.contains(w[i]) || i + 1 >= n || w[i + 1].length() != 1 || !only(i, i + 1, " ([_")) {
            return -1;
        }
        char c = w[i + 1].charAt(0);
        int bit = c >= 'a' && c <= 'h' ? c - 'a' : c >= '1' && c <= '9' ? 8 + c - '1' : -1;
        if (bit < 0) {
            return -1;
        }
        int k = end[i + 1];
        if (at(k) == ')' || at(k) == ']') {
            k++;
        }
        if (s.startsWith("'s", k)) {
            return bit;
        }
        k = skipBlanks(k);
        if (k >= s.length() || ":>])-\n".indexOf(s.charAt(k)) >= 0) {
            return bit;
        }
        return i + 2 < n && start[i + 2] == k && (is(i + 2, "answer") || is(i + 2, "response") || is(i + 2, "output"))
                ? bit : -1;
    }

    /** A "Response:" / "Student answer:" line, a {@code <response>} tag, or MT-bench's "[The Start of Assistant's Answer]". */
    boolean singleCandidate(int i) {
        String x = w[i];
        if (TAG_NOUNS.contains(x) && at(start[i] - 1) == '<' && at(end[i]) == '>') {
            return true;
        }
        if (x.equals("start") && is(i + 1, "of")) {
            int j = i + 2 + (is(i + 2, "the") ? 1 : 0);
            if (is(j, "assistant") || is(j, "ai") || is(j, "model")) {
                j += is(j + 1, "s") ? 2 : 1;
                return is(j, "answer") || is(j, "response");
            }
            return false;
        }
        if (!SINGLE_NOUNS.contains(x)) {
            return false;
        }
        int j = i - 1;
        while (j >= 0 && SINGLE_PREFIX.contains(w[j]) && only(j, j + 1, " '\t")) {
            j--;
        }
        int lineStart = s.lastIndexOf('\n', start[i]) + 1;
        int from = j + 1 < i ? start[j + 1] : start[i];
        for (int k = lineStart; k < from; k++) {
            if (" \t#*[".indexOf(s.charAt(k)) < 0) {
                return false;
            }
        }
        int last = i;
        if (is(i + 1, "to") && in(i + 2, TO_VERBS)) {
            last = is(i + 2, "be") ? i + 3 : i + 2;
        }
        int k = skipBlanks(end[Math.min(last, n - 1)]);
        boolean bracketed = at(k) == ']' && at(skipBlanks(lineStart)) == '[';
        if (at(k) == ']') {
            k = skipBlanks(k + 1);
        }
        // "Response:", "### Response" or "[Response]" on a line of its own
        return at(k) == ':' || heading(lineStart, k) || (bracketed && at(k) == '\n');
    }

    /** A Markdown heading that is only a label ("### Response" on its own line), ending at {@code k}. */
    private boolean heading(int lineStart, int k) {
        return at(skipBlanks(lineStart)) == '#' && at(k) == '\n';
    }

    /** End (the closing quote) of the quoted passage that starts at {@code open}, or -1. */
    int quoteEnd(int open) {
        return s.indexOf(at(open) == '\u201c' ? '\u201d' : '"', open + 1);
    }

    /** Start of the first quoted passage of 40 or more characters on one line at or after {@code from}, or -1. */
    int quoted(int from) {
        for (int k = s.indexOf('"', from); k >= 0; k = s.indexOf('"', k + 1)) {
            int close = s.indexOf('"', k + 1);
            if (close < 0) {
                return -1;
            }
            int nl = s.indexOf('\n', k + 1);
            if (close - k > 40 && (nl < 0 || nl > close)) {
                return k;
            }
            k = close;
        }
        int open = s.indexOf('\u201c', from);
        int close = open < 0 ? -1 : s.indexOf('\u201d', open + 1);
        return close - open > 40 ? open : -1;
    }

    /** "on a scale of 1 to 10", "from 0-5", "out of 10", {@code [[rating]]}, {@code [[7]]}, {@code [RESULT]}, "Likert". */
    boolean scaleCue(int i) {
        String x = w[i];
        if (x.equals("likert") || (x.equals("out") && is(i + 1, "of") && in(i + 2, SCALE_TOPS))) {
            return true;
        }
        if ((x.equals("rating") || Character.isDigit(x.charAt(0))) && s.startsWith("[[", start[i] - 2)
                && s.startsWith("]]", end[i])) {
            return true;
        }
        if (x.equals("result") && at(start[i] - 1) == '[' && at(end[i]) == ']') {
            return true;
        }
        if (!SCALE_WORDS.contains(x)) {
            return false;
        }
        for (int j = i + 1; j < Math.min(n - 1, i + 10) && sameSentence(i, j); j++) {
            if (is(j, "0") || is(j, "1")) {
                if (in(j + 1, SCALE_TOPS) && (only(j, j + 1, " -\u2013") && s.substring(end[j], start[j + 1]).trim().length() == 1)) {
                    return true;
                }
                return (is(j + 1, "to") || is(j + 1, "and")) && in(j + 2, SCALE_TOPS);
            }
        }
        return false;
    }

    /** "impartial judge", "act as an (expert) evaluator", "rubric", "evaluation criteria". */
    boolean personaCue(int i) {
        String x = w[i];
        if (x.equals("rubric") || x.equals("rubrics") || (x.equals("impartial") && is(i + 1, "judge"))
                || (x.equals("evaluation") && is(i + 1, "criteria"))) {
            return true;
        }
        if (x.equals("act") && is(i + 1, "as") && (is(i + 2, "a") || is(i + 2, "an"))) {
            return in(i + 3, JUDGE_ROLES) || in(i + 4, JUDGE_ROLES) || in(i + 5, JUDGE_ROLES);
        }
        return false;
    }

    /** "which ... better / less harmful", verdicts {@code [[A]]} and {@code [[A>B]]}, "preferred summary", "compare the two". */
    boolean pairwiseCue(int i) {
        String x = w[i];
        if ((x.equals("a") || x.equals("b") || x.equals("c")) && s.startsWith("[[", start[i] - 2)) {
            return true;
        }
        if (x.equals("preferred") && (is(i + 1, "response") || is(i + 1, "answer") || is(i + 1, "output")
                || is(i + 1, "summary"))) {
            return true;
        }
        if (x.equals("compare") && (is(i + 1, "two") || is(i + 1, "both")
                || (is(i + 1, "the") && (is(i + 2, "two") || is(i + 2, "both"))))) {
            return true;
        }
        if (CHOICE_VERBS.contains(x)) {
            // "pick the best one", "choose the better response", "select the preferred answer";
            // any comparative or superlative naming a candidate: "choose the clearer reply", "select
            // the more accurate answer" (the grammar of a forced choice, not a list of adjectives)
            for (int j = i + 1; j < Math.min(n, i + 4) && sameSentence(i, j); j++) {
                if (COMPARATIVES.contains(w[j]) || comparativeChoice(j)) {
                    return true;
                }
            }
            return false;
        }
        if (!x.equals("which")) {
            return false;
        }
        for (int j = i + 1; j < Math.min(n, i + 16) && sameSentence(i, j); j++) {
            if (COMPARATIVES.contains(w[j]) || ((is(j, "more") || is(j, "less")) && j + 1 < n && sameSentence(j, j + 1))) {
                return true;
            }
        }
        return false;
    }

    /** A comparative or superlative ("-er", "-est", "more ...") at word j followed by a candidate noun. */
    private boolean comparativeChoice(int j) {
        String x = w[j];
        if (DEGREE_WORDS.contains(x)) {
            return in(j + 2, CHOSEN_NOUNS) && sameSentence(j, j + 2);
        }
        boolean degree = (x.length() >= 5 && x.endsWith("er")) || (x.length() >= 6 && x.endsWith("est"));
        return degree && in(j + 1, CHOSEN_NOUNS) && sameSentence(j, j + 1);
    }

    /** "rank", "from best to worst", "order them by quality". */
    boolean rankCue(int i) {
        String x = w[i];
        if (RANK_WORDS.contains(x) || (x.equals("from") && is(i + 1, "best") && is(i + 2, "to") && is(i + 3, "worst"))) {
            return true;
        }
        if (!x.equals("order") && !x.equals("sort")) {
            return false;
        }
        for (int j = i + 1; j < Math.min(n - 1, i + 8) && sameSentence(i, j); j++) {
            if (is(j, "by") && (is(j + 1, "quality") || is(j + 1, "preference"))) {
                return true;
            }
        }
        return false;
    }

    /** After a question label at word i ("[User Question]", "Instruction:", "Prompt -"), where the task starts; else -1. */
    int questionEnd(int i) {
        int j = i - 1;
        while (j >= 0 && QUESTION_PREFIX.contains(w[j]) && only(j, j + 1, " '\t")) {
            j--;
        }
        int lineStart = s.lastIndexOf('\n', start[i]) + 1;
        int from = j + 1 < i ? start[j + 1] : start[i];
        for (int k = lineStart; k < from; k++) {
            if (" \t#*[<".indexOf(s.charAt(k)) < 0) {
                return -1;
            }
        }
        int last = is(i + 1, "to") && is(i + 2, "evaluate") ? i + 2 : i;
        int k = skipBlanks(end[last]);
        return at(k) == ']' || at(k) == '>' || at(k) == ':' || (at(k) == '-' && k > end[last]) || heading(lineStart, k)
                ? k + 1 : -1;
    }
}
