package dev.quarry.detectors.detector;

import dev.quarry.ingest.InferenceRequest;
import dev.quarry.ingest.Message;
import java.util.List;

/**
 * The request shapes that tell evaluating and teaching apart from harvesting, read from the request
 * alone, without a lexicon. Stateless and thread-safe.
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
 * </ul>
 */
public final class HarnessFormat {
    /** A line label is a line's first word(s) up to a colon, at most this many characters. */
    static final int MAX_LABEL_CHARS = 24;
    /** At most this many characters of a prompt are scanned for labels (exemplars come first). */
    static final int MAX_SCAN_CHARS = 16_384;

    private HarnessFormat() {}

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
