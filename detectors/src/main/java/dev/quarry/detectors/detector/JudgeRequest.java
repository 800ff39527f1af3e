package dev.quarry.detectors.detector;

import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.TextClip;
import java.util.Optional;

import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.TemplateSkeleton;
import dev.quarry.fingerprint.TextNormaliser;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises a request that asks the model to judge candidate responses: to grade one on a scale,
 * to say which of two is better, or to rank several. Structural, not one phrase: a request is a
 * judging request only when its user text embeds at least one delimited candidate (two for a
 * comparison or a ranking) <em>and</em> the request carries a grading, comparison or ranking
 * instruction. The vocabulary is the published judge prompts':
 * <ul>
 *   <li>MT-bench / LLM-as-a-judge (Zheng et al. 2023): "[User Question]", "[The Start of Assistant
 *       A's Answer]", "impartial judge", "which assistant ... better", verdicts {@code [[A]]},
 *       {@code [[B]]}, {@code [[C]]}, ratings "on a scale of 1 to 10" as {@code [[rating]]};
 *       JudgeLM-style "Assistant 1" / "Assistant 2" scores.</li>
 *   <li>UltraFeedback (Cui et al. 2023): "Instruction:", numbered {@code <text 1>} ...
 *       {@code <text 4>} blocks, a 1-5 "Rating" per text with a "Rationale".</li>
 *   <li>Constitutional AI (Bai et al. 2022) feedback: a conversation, then "which of these
 *       assistant responses is less harmful" between options (A) and (B); RLAIF (Lee et al. 2023):
 *       "Summary 1 - ..." / "Summary 2 - ..." and "Preferred Summary".</li>
 *   <li>Rubric graders (Prometheus-style "Response to evaluate", "Score Rubrics", "[RESULT]") and
 *       ranking prompts ("rank the responses from best to worst").</li>
 * </ul>
 * Cues are matched on whole words of the lower-cased text, tokenised once (a hand-written scan:
 * regular expressions cost about 0.1 us a character each, ten times the budget). Only the first and last {@value #EDGE_CHARS}
 * characters of a text are read (instructions and candidate labels sit at its edges; a 1 MB
 * prompt must not cost a 1 MB scan), and text without any {@link #TRIGGERS} word is ruled out by
 * one cheap pass. The judged task is the text after a question label ("[User Question]",
 * "Instruction:", "Question:", ...) up to the first candidate, or else the instruction before the
 * first candidate with numbers and quotes masked: an app that rates every user comment with one
 * instruction judges one task, however many comments.
 *
 * <p>Stateless and thread-safe.
 */
final class JudgeRequest {
    static final int EDGE_CHARS = 4096;
    static final int GRADE = 1;
    static final int PAIRWISE = 2;
    static final int RANK = 4;
    private static final int MIN_USER_CHARS = 60;
    private static final int TASK_CHARS = 400;
    private static final int SAMPLE_CHARS = 240;
    /** Words every cue needs at least one of; text with none of them is not a judging request. */
    static final Set<String> TRIGGERS = Set.of("rate", "rating", "rated", "score", "scores", "scoring", "grade",
            "grading", "graded", "evaluate", "evaluation", "assess", "judge", "verdict", "better", "best", "worse",
            "prefer", "preferred", "preference", "rank", "ranks", "ranked", "ranking", "compare", "rubric", "scale",
            "likert", "superior", "harmful", "harmless", "helpful", "result", "which", "pick", "choose", "select");
    private static final int MAX_TRIGGER_CHARS = TRIGGERS.stream().mapToInt(String::length).max().orElse(0);
    private static final AsciiWordSet TRIGGER_WORDS = new AsciiWordSet(TRIGGERS);

    private JudgeRequest() {}

    /**
     * A judging request: the formats asked for (bits {@link #GRADE}, {@link #PAIRWISE},
     * {@link #RANK}), the candidates embedded, a hash of the judged task, a clip of the
     * instruction (attacker text: data) and the user text before the first candidate, where the
     * judged task is quoted (at most {@value #EDGE_CHARS} characters; for provenance lookups).
     */
    record Parsed(int formats, int candidates, long taskHash, String instruction, String beforeCandidates) {}

    /** Key of the parse kept with an event's features: several detectors ask about one event. */
    private static final Object DERIVED_KEY = new Object();

    /**
     * The judging request this event makes, or null; parsed once per event and shared through
     * {@link PromptFeatures#derived} by the detectors that ask.
     */
    static Parsed of(InferenceEvent event, PromptFeatures features) {
        return features.<Optional<Parsed>>derived(DERIVED_KEY, () -> Optional.ofNullable(
                parse(event.request().systemText(), event.request().userText()))).orElse(null);
    }

    /** The judging request in {@code system} and {@code user}, or null when it is none. */
    static Parsed parse(String system, String user) {
        if (user == null || user.length() < MIN_USER_CHARS) {
            return null;
        }
        String sys = system == null ? "" : edges(system);
        String usr = edges(user);
        if (!mayJudge(usr) && !mayJudge(sys)) {
            return null;
        }
        String original = sys.isEmpty() ? usr : sys + "\n" + usr;
        JudgeText t = new JudgeText(original.toLowerCase(Locale.ROOT));
        int userFrom = sys.isEmpty() ? 0 : sys.length() + 1;
        int labels = 0;
        int single = 0;
        int first = Integer.MAX_VALUE;
        int question = -1;
        for (int i = 0; i < t.n; i++) {
            if (t.start[i] < userFrom) {
                continue;
            }
            int label = t.candidateLabel(i);
            if (label >= 0) {
                labels |= 1 << label;
            } else if (t.singleCandidate(i)) {
                single = 1;
            } else {
                if (question < 0 && JudgeText.QUESTION_LABELS.contains(t.w[i])) {
                    question = t.questionEnd(i);
                }
                continue;
            }
            first = Math.min(first, t.start[i]);
        }
        int quoted = t.quoted(userFrom);
        int taskEnd = Integer.MAX_VALUE;
        if (quoted >= 0 && labels != 0 && quoted < first && question < 0) {
            // Labelled candidates follow a quoted passage: the quote is the judged task
            // ("... answers for this prompt: \"...\". Pick the better one."), not a candidate.
            question = quoted + 1;
            taskEnd = t.quoteEnd(quoted);
        } else if (quoted >= 0) {
            single = 1;
            first = Math.min(first, quoted);
        }
        int candidates = Math.max(Integer.bitCount(labels), single);
        if (candidates == 0) {
            return null;
        }
        int formats = 0;
        int cueAt = Integer.MAX_VALUE;
        boolean gradeVerb = false;
        int persona = -1;
        for (int i = 0; i < t.n; i++) {
            String w = t.w[i];
            if (candidates >= 2 && (formats & PAIRWISE) == 0 && t.pairwiseCue(i)) {
                formats |= PAIRWISE;
                cueAt = Math.min(cueAt, t.start[i]);
            }
            if (candidates >= 2 && (formats & RANK) == 0 && t.rankCue(i)) {
                formats |= RANK;
                cueAt = Math.min(cueAt, t.start[i]);
            }
            if ((formats & GRADE) == 0 && t.scaleCue(i)) {
                formats |= GRADE;
                cueAt = Math.min(cueAt, t.start[i]);
            }
            gradeVerb |= JudgeText.GRADE_VERBS.contains(w);
            if (persona < 0 && t.personaCue(i)) {
                persona = t.start[i];
            }
        }
        if ((formats & GRADE) == 0 && gradeVerb && persona >= 0) {
            formats |= GRADE;
            cueAt = Math.min(cueAt, persona);
        }
        if (formats == 0) {
            return null;
        }
        String text = t.s.length() == original.length() ? original : t.s;
        int userEnd = Math.min(Math.max(first, userFrom), original.length());
        return new Parsed(formats, candidates, taskHash(t.s, question, Math.min(first, taskEnd)), TextClip.around(text, cueAt == Integer.MAX_VALUE ? 0 : cueAt, 60, SAMPLE_CHARS),
                original.substring(userFrom, userEnd));
    }

    /** The hash of the judged task: the labelled question, else the instruction before the first candidate. */
    private static long taskHash(String s, int question, int first) {
        if (question >= 0 && question < first) {
            int to = Math.min(Math.min(s.length(), question + TASK_CHARS), first);
            int paragraph = s.indexOf("\n\n", question + 1);
            if (paragraph > question && paragraph < to && !s.substring(question, paragraph).isBlank()) {
                to = paragraph;
            }
            String task = TextNormaliser.normalise(s.substring(question, to));
            if (!task.isEmpty()) {
                return Hashing.hash64(task);
            }
        }
        int to = Math.min(first == Integer.MAX_VALUE ? 0 : first, TASK_CHARS);
        return Hashing.combine(0x7A5C, Hashing.hash64(TemplateSkeleton.of(s.substring(0, to))));
    }


    /**
     * A cheap pass that rules out most text: false when the text is ASCII and holds no
     * {@link #TRIGGERS} word. Non-ASCII text always goes the full way.
     */
    static boolean mayJudge(String text) {
        int n = text.length();
        int start = -1;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : ' ';
            if (c >= 128) {
                return true;
            }
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (letter) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                if (i - start <= MAX_TRIGGER_CHARS && i - start >= 4
                        && TRIGGER_WORDS.containsLowerCased(text, start, i)) {
                    return true;
                }
                start = -1;
            }
        }
        return false;
    }

    private static String edges(String text) {
        if (text.length() <= 2 * EDGE_CHARS) {
            return text;
        }
        return text.substring(0, EDGE_CHARS) + "\n" + text.substring(text.length() - EDGE_CHARS);
    }
}
