package dev.quarry.detectors.detector;

import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.TextNormaliser;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceRequest;
import dev.quarry.ingest.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores one request from 0 to 1 for how much it looks like a distillation harvest call rather
 * than an ordinary use of the model. Not a detector: it keeps no state and says nothing about a
 * client; detectors count or average its scores. It reads only the request (never the answer's
 * length), and its evidence is supporting: content products and tutoring apps send such requests
 * too, so a detector built on it alone never reaches {@code medium} (see
 * {@link dev.quarry.detectors.fusion.AlertFusion}).
 *
 * <p>The cues are those of published distillation-data pipelines, each listed with its source in
 * {@code lexicon/request-cues.tsv}: a self-contained task without conversation or personal
 * context (the shape of Self-Instruct and Alpaca data, Wang et al. 2023); demands that the answer carry its
 * reasoning ("step by step", Kojima et al. 2022; "chain of thought", Wei et al. 2022; Orca's
 * "justify your steps"); system prompts in the style of Orca's sixteen system messages (Mukherjee
 * et al. 2023); and harvest settings of the request ({@code max_tokens} at the output cap, several
 * completions per call). Cues match on word boundaries, and a cue inside a longer cue that matched
 * is not counted again.
 *
 * <p>The score is a logistic function of a weighted sum; weights (log-odds) were set by hand:
 * <ul>
 *   <li>bias {@value #BIAS}: a request with no cue is ordinary (0.03);</li>
 *   <li>an instruction rather than a question: the text neither ends with a question mark nor
 *       opens with a closed-class question or greeting word ("how", "is", "hi", ...)
 *       +{@value #W_IMPERATIVE}; but a user turn of {@value #PAYLOAD_WORDS} words or more under a
 *       system prompt of {@value #SYSTEM_TASK_WORDS} words or more is the data of a product whose
 *       instruction is the system prompt (a document to translate, a ticket to summarise)
 *       {@value #W_PAYLOAD};</li>
 *   <li>reasoning demands +{@value #W_THOROUGH} at two or more;</li>
 *   <li>pipeline-style system prompt +{@value #W_PIPELINE_SYSTEM} at two or more cues;</li>
 *   <li>self-contained (no earlier assistant or tool turn) +{@value #W_SELF_CONTAINED}, while a
 *       conversation with history {@value #W_HISTORY}: distillers send fresh tasks;</li>
 *   <li>first-person personal context ("my", "I'm", "we") {@value #W_PERSONAL} at two or more;</li>
 *   <li>{@code max_tokens} of {@value #HARVEST_MAX_TOKENS} or more +{@value #W_HARVEST},
 *       {@code n > 1} +{@value #W_MULTI_SAMPLE}; {@code max_tokens} of {@value #TINY_MAX_TOKENS}
 *       or less (evaluation, classification) {@value #W_TINY_OUTPUT};</li>
 *   <li>context-stuffed prompt (more than {@value #STUFFED_WORDS} words: RAG, summarising a
 *       document) {@value #W_STUFFED}: the model is reading, not teaching.</li>
 * </ul>
 *
 * <p>Limits: the cues are English; an attacker who writes chatty, personal, multi-turn requests
 * lowers the score, but also lowers the value of what it harvests. Stateless and thread-safe.
 */
public final class RequestDistillationScorer {
    static final double BIAS = -3.5;
    static final double W_IMPERATIVE = 1.2;
    static final double W_THOROUGH = 1.5;
    static final double W_PIPELINE_SYSTEM = 2.0;
    static final double W_SELF_CONTAINED = 0.8;
    static final double W_HISTORY = -2.0;
    static final double W_PERSONAL = -0.8;
    static final double W_HARVEST = 1.2;
    static final double W_MULTI_SAMPLE = 0.8;
    static final double W_TINY_OUTPUT = -3.0;
    static final double W_STUFFED = -2.5;
    static final int HARVEST_MAX_TOKENS = 2048;
    static final int TINY_MAX_TOKENS = 32;
    static final int STUFFED_WORDS = 150;
    static final double W_PAYLOAD = -1.0;
    /** User turns at least this long under a task-carrying system prompt are data, not a task. */
    static final int PAYLOAD_WORDS = 40;
    /** A system prompt of at least this many words carries the product's instruction. */
    static final int SYSTEM_TASK_WORDS = 8;
    static final String CUES_RESOURCE = "/dev/quarry/detectors/lexicon/request-cues.tsv";

    private static final Lexicon CUES = Lexicon.load(CUES_RESOURCE);
    private static final List<String> THOROUGH = CUES.cues("reasoning");
    private static final List<String> PIPELINE_SYSTEM = CUES.cues("system");
    /** Closed-class words that open a question or a greeting, not an instruction. */
    private static final Set<String> QUESTION_OPENERS = Set.of("how", "what", "why", "when", "where", "who",
            "which", "whats", "is", "are", "am", "was", "were", "does", "do", "did", "can", "could", "would",
            "will", "should", "shall", "may", "might", "hi", "hello", "hey", "thanks", "thank");
    /** First-person pronouns (closed class). */
    private static final Set<String> PERSONAL = Set.of("i", "i'm", "im", "my", "me", "we", "our", "i've", "i'd",
            "mine", "us");
    /** {@link #PERSONAL}, looked up without copying each short word of every prompt out. */
    private static final AsciiWordSet PERSONAL_WORDS = new AsciiWordSet(PERSONAL);

    /**
     * Score of one request in [0, 1]; {@code features} are those of this event's user text. Two
     * detectors ask for the same event's score one after the other, so the score is kept with the
     * event's features ({@link PromptFeatures#derived}, under this scorer) and computed once.
     */
    public double score(InferenceEvent event, PromptFeatures features) {
        return features.<Double>derived(this, () -> 1.0 / (1.0 + Math.exp(-logit(event, features))));
    }

    double logit(InferenceEvent event, PromptFeatures features) {
        InferenceRequest req = event.request();
        String text = features.normalised();
        Words words = new Words(text);
        double z = BIAS;
        String system = req.systemText();
        SystemCues systemCues = system.isEmpty() ? SystemCues.NONE : systemCues(system);
        // A product keeps its instruction in the system prompt and sends data in the user turn (a
        // document to translate, a ticket to summarise); instruction data puts the task itself in
        // the user turn, under a generic system prompt or none.
        boolean payload = words.count >= PAYLOAD_WORDS && systemCues.words() >= SYSTEM_TASK_WORDS;
        if (payload) {
            z += W_PAYLOAD;
        } else if (words.count > 0 && !QUESTION_OPENERS.contains(words.first) && !text.strip().endsWith("?")) {
            z += W_IMPERATIVE;
        }
        z += W_THOROUGH * Math.min(1.0, Lexicon.count(words.spaced, THOROUGH) / 2.0);
        if (!system.isEmpty()) {
            z += W_PIPELINE_SYSTEM * Math.min(1.0, systemCues.pipeline() / 2.0);
        }
        z += hasHistory(req) ? W_HISTORY : W_SELF_CONTAINED;
        z += W_PERSONAL * Math.min(1.0, words.personal / 2.0);
        Integer maxTokens = req.maxTokens();
        if (maxTokens != null && maxTokens >= HARVEST_MAX_TOKENS) {
            z += W_HARVEST;
        } else if (maxTokens != null && maxTokens <= TINY_MAX_TOKENS) {
            z += W_TINY_OUTPUT;
        }
        if (req.n() != null && req.n() > 1) {
            z += W_MULTI_SAMPLE;
        }
        if (words.count > STUFFED_WORDS) {
            z += W_STUFFED;
        }
        return z;
    }

    private static int countWords(String text) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < text.length(); i++) {
            boolean w = wordChar(text.charAt(i));
            if (w && !in) {
                n++;
            }
            in = w;
        }
        return n;
    }

    private static boolean hasHistory(InferenceRequest req) {
        if (req.messages() == null) {
            return false;
        }
        for (Message m : req.messages()) {
            if (!m.isUser() && !m.isSystem()) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the score reads of the user text's words (runs of letters, digits and apostrophes),
     * in one pass that copies out no word but the first and the short ones it looks up.
     */
    private static final class Words {
        /** The words, each between single spaces: what {@link Lexicon#spaced} gives of them. */
        final String spaced;
        final int count;
        final String first;
        /** Words of {@link #PERSONAL}. */
        final int personal;

        Words(String text) {
            // Copied run by run into one char array (String.getChars copies a run in bulk, where
            // StringBuilder.append(CharSequence, int, int) goes a char at a time on Java 17).
            char[] chars = new char[text.length() + 2];
            int length = 0;
            chars[length++] = ' ';
            int n = 0;
            int personalWords = 0;
            String firstWord = null;
            int i = 0;
            int end = text.length();
            while (i < end) {
                while (i < end && !wordChar(text.charAt(i))) {
                    i++;
                }
                int start = i;
                while (i < end && wordChar(text.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    text.getChars(start, i, chars, length);
                    length += i - start;
                    chars[length++] = ' ';
                    if (n == 0) {
                        firstWord = text.substring(start, i);
                    }
                    if (PERSONAL_WORDS.contains(text, start, i)) {
                        personalWords++;
                    }
                    n++;
                }
            }
            this.spaced = new String(chars, 0, length);
            this.count = n;
            this.first = firstWord;
            this.personal = personalWords;
        }
    }

    /** What the score reads of a system prompt: its words, and the pipeline cues among them. */
    private record SystemCues(int words, int pipeline) {
        static final SystemCues NONE = new SystemCues(0, 0);
    }

    /** Clients resend one system prompt on every request; its cues are kept per thread for the latest few. */
    private static final int SYSTEM_PROMPTS_KEPT = 64;
    private static final ThreadLocal<Map<String, SystemCues>> SYSTEM_CUES = ThreadLocal.withInitial(
            () -> new LinkedHashMap<>(SYSTEM_PROMPTS_KEPT * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, SystemCues> eldest) {
                    return size() > SYSTEM_PROMPTS_KEPT;
                }
            });

    private static SystemCues systemCues(String system) {
        Map<String, SystemCues> kept = SYSTEM_CUES.get();
        SystemCues cues = kept.get(system);
        if (cues == null) {
            cues = new SystemCues(countWords(system),
                    Lexicon.count(Lexicon.spaced(words(TextNormaliser.normalise(system))), PIPELINE_SYSTEM));
            kept.put(system, cues);
        }
        return cues;
    }

    /** Lower-case words of normalised text: runs of letters, digits and apostrophes. */
    private static List<String> words(String text) {
        List<String> out = new ArrayList<>(text.length() / 5 + 4);
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && !wordChar(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && wordChar(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(text.substring(start, i));
            }
        }
        return out;
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '\'';
    }
}
