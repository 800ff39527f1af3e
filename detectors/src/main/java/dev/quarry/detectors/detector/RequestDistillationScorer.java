package dev.quarry.detectors.detector;

import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.TextNormaliser;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceRequest;
import dev.quarry.ingest.InferenceResponse;
import dev.quarry.ingest.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scores one request from 0 to 1 for how much it looks like a distillation harvest call rather
 * than an ordinary use of the model. Not a detector: it keeps no state and says nothing about a
 * client; detectors count or average its scores.
 *
 * <p>The cues are those of published distillation-data pipelines and of Anthropic's 2026
 * distillation report: instruction-style, self-contained task prompts (Self-Instruct, Wang et al.
 * 2023; Alpaca: an imperative task, no conversation, no personal context), system prompts of
 * synthetic-data pipelines (Orca, Mukherjee et al. 2023: "You are an AI assistant. User will give
 * you a task ... think step-by-step and justify your steps"), demands for complete reasoning
 * traces, output-harvest settings (large {@code max_tokens}, several completions per call) and
 * response economics (a long answer to a short prompt). Each cue is a word-level lexicon match,
 * not a generator's literal string, so differently worded traffic is still judged.
 *
 * <p>The score is a logistic function of a weighted sum; weights (log-odds) were set by hand
 * from the reasoning below and checked on generated traffic with public prompt text (12 h, 175
 * clients: chat users, students, developers, RAG, batch, classifier and evaluation clients at p99
 * 0.26 or less and never above 0.38; templated, reasoning-trace and slow-and-low harvest calls at
 * a median of 0.79-0.99, varied "adaptive" harvest calls at a median of 0.26 and p90 of 0.54):
 * <ul>
 *   <li>bias {@value #BIAS}: a request with no cue is ordinary (0.02);</li>
 *   <li>task verb among the first words ("write", "explain", "generate", "solve", ... after
 *       fillers such as "please", "task:") +{@value #W_IMPERATIVE};</li>
 *   <li>demands for thoroughness or reasoning ("step by step", "in detail", "complete",
 *       "justify", "walk me through") +{@value #W_THOROUGH} at two or more cues;</li>
 *   <li>pipeline-style system prompt (generic "AI assistant" persona plus task / detail /
 *       step-by-step instructions) +{@value #W_PIPELINE_SYSTEM} at two or more cues;</li>
 *   <li>self-contained (no earlier assistant or tool turn) +{@value #W_SELF_CONTAINED}, while a
 *       conversation with history {@value #W_HISTORY}: distillers send fresh tasks;</li>
 *   <li>first-person personal context ("my", "I'm", "we") {@value #W_PERSONAL} at two or more;</li>
 *   <li>{@code max_tokens} of {@value #HARVEST_MAX_TOKENS} or more +{@value #W_HARVEST},
 *       {@code n > 1} +{@value #W_MULTI_SAMPLE}; {@code max_tokens} of {@value #TINY_MAX_TOKENS}
 *       or less (evaluation, classification) {@value #W_TINY_OUTPUT};</li>
 *   <li>long answer: completion tokens from 300 (0) to 1200 (1) +{@value #W_LONG_OUTPUT}, halved
 *       when the answer is shorter than twice the prompt;</li>
 *   <li>context-stuffed prompt (more than {@value #STUFFED_WORDS} words: RAG, summarising a
 *       document) {@value #W_STUFFED}: the model is reading, not teaching.</li>
 * </ul>
 *
 * <p>Limits: wording cues are English; an attacker who writes chatty, personal, multi-turn
 * requests with short answers lowers the score, but also lowers the value of what it harvests.
 * Stateless and thread-safe.
 */
public final class RequestDistillationScorer {
    static final double BIAS = -4.0;
    static final double W_IMPERATIVE = 1.2;
    static final double W_THOROUGH = 1.5;
    static final double W_PIPELINE_SYSTEM = 2.0;
    static final double W_SELF_CONTAINED = 0.8;
    static final double W_HISTORY = -2.0;
    static final double W_PERSONAL = -0.8;
    static final double W_HARVEST = 1.2;
    static final double W_MULTI_SAMPLE = 0.8;
    static final double W_TINY_OUTPUT = -3.0;
    static final double W_LONG_OUTPUT = 1.8;
    static final double W_STUFFED = -2.5;
    static final int HARVEST_MAX_TOKENS = 2048;
    static final int TINY_MAX_TOKENS = 32;
    static final int STUFFED_WORDS = 150;
    /** Leading words skipped before looking for the task verb. */
    private static final int VERB_WINDOW = 6;

    private static final Set<String> TASK_VERBS = Set.of("write", "generate", "explain", "solve", "describe",
            "create", "implement", "summarise", "summarize", "compose", "list", "compare", "design", "analyse",
            "analyze", "translate", "classify", "prove", "derive", "outline", "draft", "develop", "build",
            "provide", "give", "produce", "construct", "evaluate", "discuss", "calculate", "rewrite", "convert",
            "propose", "identify", "critique", "predict", "elaborate", "formulate", "refactor", "optimize",
            "optimise", "debug", "teach", "illustrate", "demonstrate", "define", "assess", "plan", "prepare");
    private static final Set<String> QUESTION_OPENERS = Set.of("how", "what", "why", "when", "where", "who",
            "which", "is", "are", "does", "do", "did", "should", "whats", "hi", "hello", "thanks", "thank");
    private static final String[] THOROUGH = {"step by step", "step-by-step", "in detail", "detailed", "thorough",
        "complete", "comprehensive", "justify", "your reasoning", "reasoning", "explain each", "explain every",
        "walk me through", "full write-up", "exhaustive", "all steps", "show your work", "chain of thought",
        "in depth", "in-depth", "production-quality", "design decision", "with examples", "be detailed"};
    private static final String[] PIPELINE_SYSTEM = {"ai assistant", "will give you a task", "given a task",
        "step-by-step", "step by step", "justify", "detailed answer", "long answer", "faithfully",
        "do not need to search", "think", "explain your", "as detailed", "teacher", "reasoning"};
    private static final Set<String> PERSONAL = Set.of("i", "i'm", "im", "my", "me", "we", "our", "i've", "i'd",
            "mine", "us");

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
        List<String> words = words(text);
        double z = BIAS;
        if (imperative(words)) {
            z += W_IMPERATIVE;
        }
        z += W_THOROUGH * Math.min(1.0, cues(text, THOROUGH) / 2.0);
        String system = req.systemText();
        if (!system.isEmpty()) {
            z += W_PIPELINE_SYSTEM * Math.min(1.0, cues(TextNormaliser.normalise(system), PIPELINE_SYSTEM) / 2.0);
        }
        z += hasHistory(req) ? W_HISTORY : W_SELF_CONTAINED;
        int personal = 0;
        for (String w : words) {
            if (PERSONAL.contains(w)) {
                personal++;
            }
        }
        z += W_PERSONAL * Math.min(1.0, personal / 2.0);
        Integer maxTokens = req.maxTokens();
        if (maxTokens != null && maxTokens >= HARVEST_MAX_TOKENS) {
            z += W_HARVEST;
        } else if (maxTokens != null && maxTokens <= TINY_MAX_TOKENS) {
            z += W_TINY_OUTPUT;
        }
        if (req.n() != null && req.n() > 1) {
            z += W_MULTI_SAMPLE;
        }
        z += W_LONG_OUTPUT * longOutput(event.response());
        if (words.size() > STUFFED_WORDS) {
            z += W_STUFFED;
        }
        return z;
    }

    /** 0 at 300 completion tokens, 1 at 1200; halved when the answer is under twice the prompt. */
    private static double longOutput(InferenceResponse r) {
        if (r == null || r.completionTokens() == null) {
            return 0;
        }
        double v = Math.max(0, Math.min(1.0, (r.completionTokens() - 300) / 900.0));
        if (r.promptTokens() != null && r.completionTokens() < 2L * r.promptTokens()) {
            v *= 0.5;
        }
        return v;
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

    /** A task verb among the first words, unless the text opens as a question or greeting. */
    private static boolean imperative(List<String> words) {
        if (!words.isEmpty() && QUESTION_OPENERS.contains(words.get(0))) {
            return false;
        }
        for (int i = 0; i < Math.min(VERB_WINDOW, words.size()); i++) {
            if (TASK_VERBS.contains(words.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static int cues(String text, String[] lexicon) {
        int n = 0;
        for (String cue : lexicon) {
            if (text.contains(cue)) {
                n++;
            }
        }
        return n;
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
