package dev.quarry.detectors.detector;

import dev.quarry.fingerprint.TextNormaliser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores how strongly one instruction asks the model to <em>create training data</em>, as the
 * published synthetic-data pipelines' meta-prompts do, rather than to do a task. A phrase-feature
 * scorer over normalised words, like {@link CoercionLexicon}: a creation <em>verb</em> followed
 * within a few words by a data <em>object</em> ("create ... problem", "come up with ... task
 * instructions", "generate ... question-answer pairs") is the core; a <em>sweep marker</em> in
 * the same text says the request is one step of a sweep over varying seeds:
 * <ul>
 *   <li>a persona: Persona Hub (Ge et al. 2024, "Scaling Synthetic Data Creation with
 *       1,000,000,000 Personas": "Create a math problem related to the following persona", "Guess
 *       a prompt ... the following persona may ask you to do");</li>
 *   <li>diversity and task lists: Self-Instruct (Wang et al. 2023: "Come up with a series of
 *       tasks", "Task 9:") and Alpaca (Taori et al. 2023: "come up with a set of 20 diverse task
 *       instructions", "maximize diversity", "will be given to a GPT model"); Unnatural
 *       Instructions (Honovich et al. 2023: "Example 1 ... Instruction ... Input ...
 *       Constraints");</li>
 *   <li>instruction evolution: Evol-Instruct / WizardLM (Xu et al. 2023: "I want you act as a
 *       Prompt Rewriter", "rewrite a given prompt into a more complex version", "#Given Prompt#",
 *       "#Rewritten Prompt#", the in-breadth "Prompt Creator", "brand new prompt", "more rare");
 *       </li>
 *   <li>taxonomy sweeps: GLAN (Li et al. 2024, "Synthetic Data (Almost) from Scratch":
 *       discipline -> subjects -> syllabus -> class sessions, key concepts, homework
 *       questions);</li>
 *   <li>a stated purpose: training data, synthetic data, a dataset, instruction tuning or
 *       fine-tuning data, instruction-response (question-answer, input-output) pairs.</li>
 * </ul>
 * A creation verb with a data object alone scores {@value #CREATION} (a teacher asking for
 * practice questions, a QA team asking for test questions); each kind of marker adds, by
 * noisy-OR, so one marker makes {@value #ONE_MARKER_FLOOR} or more, the 0.5 at which the detector
 * counts a data-creation request. A persona beside a creation verb with any other object
 * ("write an article for this persona": marketing briefs name buyer personas) scores
 * {@value #CREATION} too. Evol-Instruct's rewrite (a rewrite verb, a prompt or instruction, and a
 * difficulty or "given prompt" marker) scores 0.7 on its own; beside a creation verb and a data
 * object those markers count as a sweep marker (the in-breadth "Prompt Creator").
 *
 * <p>Only the first and last {@value #EDGE_CHARS} characters are read (instructions sit at the
 * edges), after a cheap prefilter: a text holding none of the data objects' stems is not
 * tokenised. Stateless and thread-safe.
 */
final class DataCreationLexicon {
    static final int EDGE_CHARS = 2048;
    static final double CREATION = 0.35;
    static final double ONE_MARKER_FLOOR = 0.55;
    /** Words between a creation verb and its object. */
    private static final int OBJECT_REACH = 7;
    /** Stems one of which a data-creation text holds; most prompts hold none and stop here. */
    private static final String[] PREFILTER = {"instruction", "prompt", "question", "problem", "task", "example",
        "dataset", "pair", "persona", "training", "synthetic", "exercise", "quer", "puzzle", "conversation", "dialog", "sample"};
    /** Creation verbs of the papers' meta-prompts (Self-Instruct, Alpaca, Persona Hub, GLAN, Evol-Instruct). */
    private static final Set<String> VERBS = withThirdPerson("create", "generate", "write", "come", "brainstorm",
            "compose", "design", "draft", "invent", "devise", "propose", "produce", "guess", "synthesize", "synthesise",
            "construct", "formulate", "craft");
    /** What a data-creation request asks the model to write: items of a training set. */
    private static final Set<String> OBJECTS = Set.of("instruction", "instructions", "prompt", "prompts", "question",
            "questions", "problem", "problems", "task", "tasks", "example", "examples", "exercise", "exercises",
            "puzzle", "puzzles", "query", "queries", "dialogue", "dialogues", "dialog", "dialogs", "conversation",
            "conversations", "pairs", "samples", "dataset", "datasets", "items");
    /** Persona Hub (Ge et al. 2024). */
    private static final Set<String> PERSONA = Set.of("persona", "personas");
    /** Self-Instruct, Alpaca, Unnatural Instructions: many varied tasks per call. */
    private static final Set<String> DIVERSITY = Set.of("diverse", "diversity", "varied");
    /** GLAN (Li et al. 2024): the taxonomy walk's nodes. */
    private static final Set<String> TAXONOMY = Set.of("syllabus", "syllabi", "discipline", "disciplines",
            "subtopics", "subjects");
    /** Stated purpose: the output is a training set. */
    private static final List<String[]> PURPOSE = List.of(w("training data"), w("training set"), w("synthetic data"),
            w("synthetic dataset"), w("instruction tuning"), w("fine tuning"), w("fine tune"), w("finetuning"),
            w("gpt model"), w("instruction response"), w("question answer"), w("qa pairs"),
            w("task instructions"), w("series of tasks"), w("list of tasks"), w("key concepts"),
            w("homework questions"), w("class sessions"));
    /** Evol-Instruct (Xu et al. 2023): the rewriter's and creator's own words. */
    private static final Set<String> REWRITE = Set.of("rewrite", "rewriter", "rephrase", "evolve", "complicate");
    private static final List<String[]> EVOLVE = List.of(w("given prompt"), w("rewritten prompt"),
            w("more complex"), w("more difficult"), w("more rare"), w("brand new"), w("prompt creator"),
            w("prompt rewriter"), w("harder version"), w("created prompt"));

    /**
     * Every word of the vocabularies above, with the bits of the ones it belongs to (and of the
     * phrase lists one of whose phrases it starts): one lookup per token instead of one per
     * vocabulary, and a phrase list is scanned only at a word that starts one of its phrases.
     */
    private static final Map<String, Integer> KINDS = new HashMap<>();
    private static final int VERB = 1;
    private static final int OBJECT = 2;
    private static final int PERSONA_WORD = 4;
    private static final int DIVERSITY_WORD = 8;
    private static final int TAXONOMY_WORD = 16;
    private static final int REWRITE_VERB = 32;
    private static final int STARTS_PURPOSE = 64;
    private static final int STARTS_EVOLVE = 128;

    static {
        List<Set<String>> sets = List.of(VERBS, OBJECTS, PERSONA, DIVERSITY, TAXONOMY, REWRITE);
        int[] bits = {VERB, OBJECT, PERSONA_WORD, DIVERSITY_WORD, TAXONOMY_WORD, REWRITE_VERB};
        for (int k = 0; k < sets.size(); k++) {
            for (String word : sets.get(k)) {
                KINDS.merge(word, bits[k], (a, b) -> a | b);
            }
        }
        PURPOSE.forEach(p -> KINDS.merge(p[0], STARTS_PURPOSE, (a, b) -> a | b));
        EVOLVE.forEach(p -> KINDS.merge(p[0], STARTS_EVOLVE, (a, b) -> a | b));
    }

    private DataCreationLexicon() {}

    /** The score of one text (0 for null or empty), with the kinds of cue that produced it. */
    record Score(double value, List<String> cues) {
        static final Score NONE = new Score(0, List.of());
    }

    /** Scores a raw text: normalises its edges first. */
    static Score scoreRaw(String text) {
        if (text == null || text.isEmpty()) {
            return Score.NONE;
        }
        return score(TextNormaliser.normalise(edges(text)));
    }

    /** Scores an already normalised text (lower case, white space collapsed). */
    static Score score(String normalised) {
        if (normalised == null || normalised.isEmpty()) {
            return Score.NONE;
        }
        // A 1 MB prompt costs its edges only, the prefilter included.
        String text = normalised.length() > 2 * EDGE_CHARS ? edges(normalised) : normalised;
        if (!mayScore(text)) {
            return Score.NONE;
        }
        List<String> t = tokens(text);
        int[] kinds = new int[t.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = KINDS.getOrDefault(t.get(i), 0);
        }
        boolean creation = false;
        boolean creationAny = false;
        boolean rewriteVerb = false;
        boolean rewriteObject = false;
        int lastVerb = Integer.MIN_VALUE;
        boolean persona = false;
        boolean diversity = false;
        boolean taxonomy = false;
        boolean purpose = false;
        boolean evolve = false;
        for (int i = 0; i < t.size(); i++) {
            String w = t.get(i);
            if (w.equals(".") || w.equals("?") || w.equals("!") || w.equals(";")) {
                lastVerb = Integer.MIN_VALUE;
                continue;
            }
            int kind = kinds[i];
            if (kind == 0) {
                continue;
            }
            if ((kind & VERB) != 0 && !(w.equals("come") && !nextIs(t, i, "up"))) {
                // A phrasal verb ("come up with") reaches its object from its last word.
                lastVerb = w.equals("come") ? i + (i + 2 < t.size() && t.get(i + 2).equals("with") ? 2 : 1) : i;
                creationAny = true;
            }
            if ((kind & REWRITE_VERB) != 0) {
                rewriteVerb = true;
            }
            if ((kind & OBJECT) != 0) {
                // No creation verb yet in this sentence: lastVerb is MIN_VALUE, and i - lastVerb
                // would overflow to a negative number.
                if (lastVerb != Integer.MIN_VALUE && i - lastVerb <= OBJECT_REACH) {
                    creation = true;
                }
                if (w.startsWith("prompt") || w.startsWith("instruction") || w.startsWith("question")) {
                    rewriteObject = true;
                }
            }
            persona |= (kind & PERSONA_WORD) != 0;
            diversity |= (kind & DIVERSITY_WORD) != 0 && nearObject(kinds, i);
            taxonomy |= (kind & TAXONOMY_WORD) != 0;
            if ((kind & STARTS_PURPOSE) != 0 && matchesAt(t, i, PURPOSE)) {
                purpose = true;
                // The stated purpose names the data itself ("generate synthetic data", a system
                // prompt's "you create training data"): the verb's object.
                creation |= lastVerb != Integer.MIN_VALUE && i - lastVerb <= OBJECT_REACH;
            }
            evolve |= (kind & STARTS_EVOLVE) != 0 && matchesAt(t, i, EVOLVE);
        }
        List<String> cues = new ArrayList<>(4);
        double miss = 1.0;
        if (creation) {
            cues.add("creation");
            miss *= 1 - CREATION;
            if (persona) {
                cues.add("persona");
                miss *= 0.3;
            }
            if (diversity) {
                cues.add("diversity");
                miss *= 0.4;
            }
            if (taxonomy) {
                cues.add("taxonomy");
                miss *= 0.4;
            }
            if (purpose) {
                cues.add("purpose");
                miss *= 0.3;
            }
            if (evolve) {
                cues.add("evolution");
                miss *= 0.3;
            }
        } else if (creationAny && persona) {
            cues.add("persona");
            miss *= 1 - CREATION;
        }
        if (!creation && rewriteVerb && rewriteObject && evolve) {
            cues.add("evolution");
            miss *= 0.3;
        }
        return cues.isEmpty() ? Score.NONE : new Score(1 - miss, List.copyOf(cues));
    }

    private static boolean nextIs(List<String> t, int i, String w) {
        return i + 1 < t.size() && t.get(i + 1).equals(w);
    }

    /** A diversity word qualifies the data it is asked for: an object within three words after it. */
    private static boolean nearObject(int[] kinds, int i) {
        for (int j = i + 1; j < Math.min(kinds.length, i + 4); j++) {
            if ((kinds[j] & OBJECT) != 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAt(List<String> t, int i, List<String[]> phrases) {
        for (String[] p : phrases) {
            if (i + p.length <= t.size() && t.get(i).equals(p[0])) {
                boolean all = true;
                for (int k = 1; k < p.length && all; k++) {
                    all = t.get(i + k).equals(p[k]);
                }
                if (all) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mayScore(String s) {
        for (String stem : PREFILTER) {
            if (s.contains(stem)) {
                return true;
            }
        }
        return false;
    }

    /** Words (letters and digits) and the sentence ends that bound a verb's reach. */
    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>(Math.min(1024, s.length() / 4 + 4));
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                if (start < 0) {
                    start = i;
                }
                continue;
            }
            if (start >= 0) {
                out.add(s.substring(start, i));
                start = -1;
            }
            if (c == '.' || c == '?' || c == '!' || c == ';') {
                out.add(String.valueOf(c));
            }
        }
        return out;
    }

    private static String edges(String text) {
        if (text.length() <= 2 * EDGE_CHARS) {
            return text;
        }
        return text.substring(0, EDGE_CHARS) + " . " + text.substring(text.length() - EDGE_CHARS);
    }

    /** The verbs and their third-person forms: a system prompt says what the assistant "creates". */
    private static Set<String> withThirdPerson(String... verbs) {
        Set<String> out = new HashSet<>();
        for (String v : verbs) {
            out.add(v);
            if (v.equals("come")) {
                continue; // "come up with" is matched as a phrase
            }
            out.add(v.endsWith("s") || v.endsWith("sh") ? v + "es" : v + "s");
        }
        return Set.copyOf(out);
    }

    private static String[] w(String phrase) {
        return phrase.split(" ");
    }
}
