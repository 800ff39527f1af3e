package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.CandidateAnswers;
import dev.quarry.corpora.text.ChatPhrases;
import dev.quarry.corpora.text.CodeBank;
import dev.quarry.corpora.text.Cuts;
import dev.quarry.corpora.text.StudyBank;
import dev.quarry.corpora.text.TaskBank;
import java.util.SplittableRandom;

/**
 * Broad, varied tasks and model-written answers for the harvesting archetypes: a task from any of
 * the public prompt sets (instructions, chat, maths, code, AlpacaEval) or, without them, from the
 * built-in banks; and a candidate answer from public model outputs or {@link CandidateAnswers}.
 * Stateless.
 */
final class TaskSources {
    private static final PromptSet[] TASK_SETS = {PromptSet.INSTRUCTIONS, PromptSet.CHAT, PromptSet.GSM8K,
        PromptSet.CODE, PromptSet.ALPACA_EVAL, PromptSet.MMLU};

    private TaskSources() {}

    /** A task from any domain. */
    static String anyTask(Sources sources, SplittableRandom rng) {
        int k = rng.nextInt(TASK_SETS.length + 4);
        if (k < TASK_SETS.length) {
            String t = sources.prompts().draw(TASK_SETS[k], rng);
            if (t != null) {
                return t;
            }
        }
        return switch (rng.nextInt(5)) {
            case 0 -> StudyBank.wordProblem(rng);
            case 1 -> CodeBank.question(rng);
            case 2 -> ChatPhrases.opener(ChatPhrases.topic(rng.nextInt(ChatPhrases.topicCount())), rng);
            case 3 -> StudyBank.homework(rng);
            default -> TaskBank.task(rng.nextInt(TaskBank.size()));
        };
    }

    /** A model-written answer to {@code task}, of about {@code sentences} sentences when built in. */
    static String candidate(Sources sources, String task, int sentences, SplittableRandom rng) {
        if (rng.nextInt(3) > 0) {
            String answer = sources.prompts().draw(PromptSet.MODEL_ANSWERS, rng);
            if (answer != null) {
                return Cuts.prefix(answer, 3_000);
            }
        }
        return CandidateAnswers.answer(task, sentences, rng);
    }
}
