package dev.quarry.detectors.detector;

import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceRequest;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The request shapes that tell evaluating and teaching apart from harvesting, read from the request
 * alone, without a lexicon of wording. Stateless and thread-safe.
 *
 * <ul>
 *   <li>{@link #fewShot}: a prompt in an evaluation harness's canonical few-shot form, its
 *       exemplars laid out under the same line label as the item. lm-evaluation-harness joins
 *       {@code num_fewshot} solved examples and the item with the task's own field labels (GSM8K's
 *       "Question:" / "Answer:" pairs, MMLU's five solved items each ending in an "Answer:" line,
 *       Gao et al. 2023); HELM prompts with in-context examples under the scenario's input and
 *       output labels (Liang et al. 2023, five by default). One label that starts
 *       {@code minLabelLines} lines or more (three: two exemplars and the item) is that layout,
 *       whatever the words of the label. A harvester asks the bare item (or the item under a
 *       fixed instruction): it wants the teacher's own answer, not one shaped by exemplars.
 *   <li>{@link #continues}: a request that carries earlier assistant turns under its last user
 *       turn: a person following up ("I don't understand step 2"), or a harness that sends its
 *       exemplars as chat turns. Harvested pairs are single-turn (Self-Instruct, Alpaca and Orca
 *       collect one instruction and one answer).
 *   <li>{@link #answerSlot}: a prompt that names the machine-readable form its final answer must
 *       take, so that a scorer can parse it: an answer label followed by a placeholder (OpenAI's
 *       simple-evals ends its zero-shot chain-of-thought templates with a line of the form
 *       {@code Answer: $LETTER}; UK AISI's Inspect multiple-choice template with
 *       {@code ANSWER: $LETTER}; simple-evals' MGSM template asks for the final answer in the
 *       format of a quoted {@code "Answer:"} label), GSM8K's own {@code ####} delimiter before the final number
 *       (Cobbe et al. 2021, the format lm-evaluation-harness's exact-match filter reads) or a
 *       {@code \boxed{}} answer (Hendrycks et al. 2021, MATH; Lewkowycz et al. 2022, Minerva).
 *       An evaluation scores answers, so it constrains them; a harvest wants the teacher's
 *       solution in the teacher's own form. Read from the first and last
 *       {@value #SLOT_EDGE_CHARS} characters of the user text (an instruction sits at the edges).
 * </ul>
 */
public final class HarnessFormat {
    /** A line label is a line's first word(s) up to a colon, at most this many characters. */
    static final int MAX_LABEL_CHARS = 24;
    /** At most this many characters of a prompt are scanned for labels (exemplars come first). */
    static final int MAX_SCAN_CHARS = 16_384;

    /** Characters read at each edge of the user text for an answer slot. */
    static final int SLOT_EDGE_CHARS = 600;
    /**
     * An answer label followed by a placeholder: {@code $NAME}, one capital letter standing for the
     * option, or a bracketed slot; an answer label quoted on its own, naming the line the scorer
     * reads; GSM8K's {@code ####} delimiter; a boxed answer.
     */
    static final Pattern SLOT = Pattern.compile(
            "(?i:answer)\\s*[:=]\\s*['\"`]?(?:\\$[A-Za-z_]+|[A-Z](?![A-Za-z])|\\{[^}\\n]{0,20}\\}|<[^>\\n]{1,20}>|\\[[^\\]\\n]{1,20}\\])"
                    + "|['\"`](?i:answer)\\s*:['\"`]|#{4}|\\\\boxed");

    private HarnessFormat() {}

    /**
     * True when the request's user text (or completion prompt) names a machine-readable answer
     * slot at one of its edges: an answer label with a placeholder, {@code ####} or a boxed answer.
     * Computed once per event (cached in the event's features).
     */
    public static boolean answerSlot(InferenceRequest request, PromptFeatures features) {
        return features.derived(SLOT, () -> answerSlot(request));
    }

    /** {@link #answerSlot(InferenceRequest, PromptFeatures)} without the per-event cache. */
    public static boolean answerSlot(InferenceRequest request) {
        String text = request.userText();
        if (text.length() <= 2 * SLOT_EDGE_CHARS) {
            return mayHoldSlot(text, 0, text.length()) && SLOT.matcher(text).find();
        }
        int tail = text.length() - SLOT_EDGE_CHARS;
        return mayHoldSlot(text, 0, SLOT_EDGE_CHARS) && SLOT.matcher(text).region(0, SLOT_EDGE_CHARS).find()
                || mayHoldSlot(text, tail, text.length())
                        && SLOT.matcher(text).region(tail, text.length()).find();
    }

    /**
     * False when {@code text[from, to)} holds none of what every alternative of {@link #SLOT}
     * needs: "answer" in any ASCII case (the pattern's {@code (?i)} folds ASCII only), {@code ####}
     * or a backslash (of {@code \boxed}). Most prompts hold none, and the pattern, an alternation
     * with no literal prefix, tries every alternative at every position: one scan instead.
     */
    static boolean mayHoldSlot(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                return true;
            }
            if (c == '#' && i + 4 <= to && text.startsWith("###", i + 1)) {
                return true;
            }
            if ((c | 0x20) == 'a' && i + 6 <= to && text.regionMatches(true, i + 1, "nswer", 0, 5)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when some line label (the text before a colon that ends within the line's first
     * {@value #MAX_LABEL_CHARS} characters, made of letters, digits and spaces) starts at least
     * {@code minLabelLines} lines of the request's user text or completion prompt.
     */
    public static boolean fewShot(InferenceRequest request, int minLabelLines) {
        String text = request.userText();
        int end = Math.min(text.length(), MAX_SCAN_CHARS);
        // Few labels per prompt: a tiny array of (hash, count) pairs beats a map on the hot path.
        int[] hashes = new int[8];
        int[] counts = new int[8];
        int used = 0;
        int line = 0;
        while (line < end) {
            int next = text.indexOf('\n', line);
            next = next < 0 || next > end ? end : next;
            int h = labelHash(text, line, next);
            if (h != 0) {
                int i = 0;
                while (i < used && hashes[i] != h) {
                    i++;
                }
                if (i == used && used < hashes.length) {
                    hashes[used] = h;
                    used++;
                }
                if (i < used && ++counts[i] >= minLabelLines) {
                    return true;
                }
            }
            line = next + 1;
        }
        return false;
    }

    /**
     * True when the request carries an assistant turn before its last user turn: a follow-up in a
     * conversation, or exemplars sent as chat turns.
     */
    public static boolean continues(InferenceRequest request) {
        List<Message> messages = request.messages();
        if (messages == null || messages.size() < 3) {
            return false;
        }
        int lastUser = -1;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).isUser()) {
                lastUser = i;
                break;
            }
        }
        for (int i = 0; i < lastUser; i++) {
            if ("assistant".equals(messages.get(i).role())) {
                return true;
            }
        }
        return false;
    }

    /** A non-zero hash of the line's label (case-folded), or 0 when the line has none. */
    private static int labelHash(String text, int from, int to) {
        int i = from;
        while (i < to && text.charAt(i) == ' ') {
            i++;
        }
        int start = i;
        int limit = Math.min(to, start + MAX_LABEL_CHARS);
        int h = 17;
        for (; i < limit; i++) {
            char c = text.charAt(i);
            if (c == ':') {
                boolean url = text.startsWith("//", i + 1); // a link, not a label
                return i == start || url ? 0 : (h == 0 ? 1 : h);
            }
            if (!Character.isLetterOrDigit(c) && c != ' ') {
                return 0;
            }
            h = 31 * h + Character.toLowerCase(c);
        }
        return 0;
    }
}
