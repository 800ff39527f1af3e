package dev.quarry.corpora.source;

import java.util.List;

/**
 * A public prompt collection the generator can draw text from, with the places it may sit under a
 * {@code --text-source} directory laid out like {@code shared/corpora} (see its
 * {@code MANIFEST.tsv}). Every set is optional: the first candidate file that exists is read;
 * when none exists the archetypes fall back to their built-in phrase banks.
 */
public enum PromptSet {
    /** Grade-school maths word problems (GSM8K, Cobbe et al. 2021). */
    GSM8K(List.of(
            new Candidate("grade-school-math/grade_school_math/data/train.jsonl", Format.JSONL_FIELD, "question"),
            new Candidate("grade-school-math/grade_school_math/data/test.jsonl", Format.JSONL_FIELD, "question"),
            new Candidate("WizardLM/WizardMath/data/gsm8k_test.jsonl", Format.JSONL_FIELD, "question"))),
    /**
     * GSM8K's test split alone (and WizardMath's copy of it): what evaluation harnesses score
     * (lm-evaluation-harness, simple-evals and HELM run GSM8K on its 1,319 test questions).
     */
    GSM8K_TEST(List.of(
            new Candidate("grade-school-math/grade_school_math/data/test.jsonl", Format.JSONL_FIELD, "question"),
            new Candidate("WizardLM/WizardMath/data/gsm8k_test.jsonl", Format.JSONL_FIELD, "question"))),
    /** Multiple-choice exam questions (MMLU, Hendrycks et al. 2021), formatted with A-D choices. */
    MMLU(List.of(new Candidate("mmlu-MLILAB-FedLLM/data/mmlu/test", Format.MMLU_CSV_DIR, null),
            new Candidate("mmlu-MLILAB-FedLLM/data/mmlu/dev", Format.MMLU_CSV_DIR, null))),
    /** Everyday user prompts (Open-Assistant prompt lottery, hh-rlhf first turns, UltraChat eval). */
    CHAT(List.of(
            new Candidate("Open-Assistant/model/model_eval/manual/data/prompt_lottery_en_250_text.jsonl",
                    Format.JSONL_STRING, null),
            new Candidate("hh-rlhf/harmless-base/test.jsonl.gz", Format.HH_FIRST_HUMAN, null),
            new Candidate("UltraChat/data/ultra_eval.json", Format.JSON_ARRAY_FIELD, "data"))),
    /** Instruction-following seed tasks (Self-Instruct, Wang et al. 2023; Stanford Alpaca). */
    INSTRUCTIONS(List.of(
            new Candidate("self-instruct/data/seed_tasks.jsonl", Format.JSONL_FIELD, "instruction"),
            new Candidate("stanford_alpaca/seed_tasks.jsonl", Format.JSONL_FIELD, "instruction"),
            new Candidate("FastChat/fastchat/llm_judge/data/mt_bench/question.jsonl", Format.MT_BENCH, null))),
    /** Programming instructions (Code Alpaca). */
    CODE(List.of(new Candidate("codealpaca/data/code_alpaca_2k.json", Format.JSON_ARRAY_FIELD, "instruction"),
            new Candidate("codealpaca/seed_tasks.jsonl", Format.JSONL_FIELD, "instruction"))),
    /** Explanation-tuning system messages (Orca, Mukherjee et al. 2023). */
    ORCA_SYSTEM(List.of(new Candidate("orca/system_messages.json", Format.ORCA_SYSTEM, null))),
    /** MT-bench's 80 first-turn questions only (Zheng et al. 2023), the fixed set of a judge benchmark. */
    MT_BENCH(List.of(new Candidate("FastChat/fastchat/llm_judge/data/mt_bench/question.jsonl", Format.MT_BENCH, null),
            new Candidate("FastChat/fastchat/llm_judge/data/vicuna_bench/question.jsonl", Format.MT_BENCH, null))),
    /** AlpacaEval's 805 instructions (Li et al. 2023) and the Evol-Instruct test set (Xu et al. 2023). */
    ALPACA_EVAL(List.of(new Candidate("alpaca_eval/results/gpt4/model_outputs.json", Format.JSON_ARRAY_FIELD,
                    "instruction"),
            new Candidate("WizardLM/WizardLM/data/WizardLM_testset.jsonl", Format.JSONL_FIELD, "Instruction"))),
    /**
     * Model-written answers (AlpacaEval's GPT-4 and text-davinci-003 outputs, Code Alpaca outputs):
     * the candidate responses a preference or grading request carries.
     */
    MODEL_ANSWERS(List.of(new Candidate("alpaca_eval/results/gpt4/model_outputs.json", Format.JSON_ARRAY_FIELD,
                    "output"),
            new Candidate("alpaca_eval/results/text_davinci_003/model_outputs.json", Format.JSON_ARRAY_FIELD,
                    "output"),
            new Candidate("codealpaca/data/code_alpaca_2k.json", Format.JSON_ARRAY_FIELD, "output")));

    private final List<Candidate> candidates;

    PromptSet(List<Candidate> candidates) {
        this.candidates = candidates;
    }

    /** Where the set may be found, in order of preference. */
    public List<Candidate> candidates() {
        return candidates;
    }

    /** How a file stores its prompts. */
    public enum Format {
        /** One JSON object per line; the prompt is a string field. */
        JSONL_FIELD,
        /** One JSON string per line. */
        JSONL_STRING,
        /** A JSON array of objects; the prompt is a string field. */
        JSON_ARRAY_FIELD,
        /** FastChat's MT-bench: the first of {@code turns}. */
        MT_BENCH,
        /** Anthropic hh-rlhf (gzip JSONL): the first Human turn of {@code chosen}. */
        HH_FIRST_HUMAN,
        /** A directory of MMLU CSV files: question, four choices, answer letter. */
        MMLU_CSV_DIR,
        /** {@code {"system_messages": [...]}}. */
        ORCA_SYSTEM
    }

    /**
     * One place a set may sit.
     *
     * @param path relative to the text-source directory
     * @param field the JSON field holding the prompt, for the formats that name one
     */
    public record Candidate(String path, Format format, String field) {}
}
