package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.CandidateAnswers;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code judge_eval_team}: an evaluation team that now and then runs an LLM-as-judge
 * benchmark on its own models, the MT-Bench / Chatbot Arena method of Zheng et al. 2023 ("Judging
 * LLM-as-a-Judge with MT-Bench and Chatbot Arena") and AlpacaEval (Li et al. 2023). The counterpart
 * of {@link RewardHarvester}: it too asks for single-answer grades or pairwise verdicts on
 * generated answers, but over one FIXED question set (MT-bench's 80 questions, or Vicuna-bench's
 * 80, from a text source laid out like {@code shared/corpora}; else {@link #BUILT_IN_QUESTIONS}),
 * the same questions in every run, in a few bounded runs: per run, each of 1-4 model checkpoints
 * is judged on every question, at a script's pace.
 *
 * <p>Per team: single-answer grading or pairwise comparison against a baseline; one of several
 * phrasings of the judge prompt; 1-3 runs in a window of a day (and one more per 1-3 days), at
 * random times; 0.3-6 s between calls; judge temperature 0 (as FastChat) or 0.2; judgments with a
 * rationale of median 80-600 tokens.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class JudgeEvalTeam implements Archetype {
    /** The fixed question set used when no text source holds MT-bench (written for Quarry). */
    public static final List<String> BUILT_IN_QUESTIONS = List.of(
            "Write a persuasive email to convince your introverted friend to volunteer as a guest speaker.",
            "Describe a vivid and unique character, using strong imagery and creative language.",
            "Write a short story that begins with: 'The old clock in the hallway stopped at midnight.'",
            "Draft a professional email asking your manager for feedback on a quarterly report.",
            "Compose a haiku sequence about the changing seasons in a big city.",
            "Explain the difference between a virus and a bacterium to a ten-year-old.",
            "Pretend you are a tour guide in ancient Rome. Describe the Colosseum to visitors.",
            "Embrace the role of a sommelier and recommend a wine for a spicy curry dinner.",
            "Solve: if 3x + 7 = 25, what is x? Explain each step.",
            "A bag holds 4 red and 6 blue marbles. Two are drawn without replacement. What is the probability "
                    + "both are red?",
            "What is the sum of the interior angles of a heptagon?",
            "Find the area of a triangle with vertices (0,0), (4,0) and (1,3).",
            "A train leaves at 3 pm at 80 km/h; another leaves the same station at 4 pm at 100 km/h. When does "
                    + "the second catch up?",
            "Write a Python function that returns the longest common subsequence of two strings.",
            "Implement a function to check whether a binary tree is balanced, and give its complexity.",
            "Write a SQL query that finds the three customers with the highest total order value.",
            "Explain what a race condition is and show how to prevent one in Java.",
            "Write a function that merges two sorted lists in linear time.",
            "If all bloops are razzies and all razzies are lazzies, are all bloops lazzies? Explain.",
            "Alice is taller than Bob, Bob is taller than Carol. Who is the shortest?",
            "A farmer has 17 sheep; all but 9 run away. How many are left?",
            "Which word does not belong: apple, banana, carrot, cherry? Explain why.",
            "Summarise the main causes of the French Revolution in one paragraph.",
            "Explain how vaccines train the immune system.",
            "What are the economic effects of raising the minimum wage? Give both sides.",
            "Describe the process of photosynthesis and its importance for life on Earth.",
            "Explain supply and demand using the example of concert tickets.",
            "Extract the names of all people and companies from this sentence: 'Maria Lopez joined Acme Corp "
                    + "after leaving Globex with Tom Chen.'",
            "Return a JSON object with the title, author and year of: '1984 by George Orwell, published 1949'.",
            "Classify the sentiment of these three reviews as positive, negative or neutral.",
            "Suggest five names for a coffee shop that also sells books.",
            "Plan a three-day itinerary for a first visit to Kyoto.",
            "Explain the ethical concerns of using facial recognition in public spaces.",
            "What would happen to Earth's climate if the Moon disappeared?",
            "Explain the concept of opportunity cost with a personal finance example.",
            "Rewrite this sentence to be more formal: 'Hey, can u send me the file asap?'",
            "Give three tips to improve sleep quality, each with a short justification.",
            "Describe the plot of Hamlet in five sentences.",
            "Explain why the sky is blue.",
            "Write a limerick about a cat who learns to code.");
    private static final List<String> SINGLE = List.of(
            "[Instruction]\nPlease act as an impartial judge and evaluate the quality of the response provided by an "
                    + "AI assistant to the user question displayed below. Your evaluation should consider helpfulness, "
                    + "relevance, accuracy, depth, creativity, and level of detail. Begin your evaluation by providing "
                    + "a short explanation. After providing your explanation, you must rate the response on a scale of "
                    + "1 to 10 by strictly following this format: \"[[rating]]\".\n\n[Question]\n%s\n\n"
                    + "[The Start of Assistant's Answer]\n%s\n[The End of Assistant's Answer]",
            "You are grading model outputs for our internal eval. Rate the answer from 1 to 10 for correctness and "
                    + "helpfulness, explain briefly, and end with \"Score: N\".\n\nQuestion:\n%s\n\nModel answer:\n%s");
    private static final List<String> PAIRWISE = List.of(
            "[System]\nPlease act as an impartial judge and evaluate the quality of the responses provided by two AI "
                    + "assistants to the user question displayed below. Avoid any position biases. Output your final "
                    + "verdict by strictly following this format: \"[[A]]\" if assistant A is better, \"[[B]]\" if "
                    + "assistant B is better, and \"[[C]]\" for a tie.\n\n[User Question]\n%s\n\n"
                    + "[The Start of Assistant A's Answer]\n%s\n[The End of Assistant A's Answer]\n\n"
                    + "[The Start of Assistant B's Answer]\n%s\n[The End of Assistant B's Answer]",
            "Compare the candidate model's output (A) with the baseline output (B) for the instruction below. "
                    + "Which is better? Answer with A, B or tie, then one sentence why.\n\n"
                    + "Instruction: %s\n\nOutput A:\n%s\n\nOutput B:\n%s");

    @Override
    public String name() {
        return "judge_eval_team";
    }

    @Override
    public Label label() {
        return Label.BENIGN;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis, sources);
    }

    /** The team's fixed question set: MT-bench or Vicuna-bench when a text source has them. */
    static List<String> questionSet(Sources sources, boolean secondSet) {
        List<String> all = sources.prompts().prompts(PromptSet.MT_BENCH);
        if (all.size() >= 160 && secondSet) {
            return all.subList(80, 160);
        }
        if (all.size() >= 40) {
            return all.subList(0, Math.min(80, all.size()));
        }
        return BUILT_IN_QUESTIONS;
    }

    private static final class Stream extends ClientStream {
        private final List<String> questions;
        private final boolean pairwise;
        private final String template;
        private final long[] runStarts;
        private final long gapMillis;
        private final OutputLength length;
        private final double temperature;
        private final String judgeModel;
        private final long teamSeed;
        private int run = -1;
        private int models;
        private int step; // index into models x questions of the current run
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.questions = questionSet(sources, rng.nextBoolean());
            this.pairwise = rng.nextBoolean();
            this.template = Wording.draw(rng, 0.3).apply(PerClient.pick(rng, pairwise ? PAIRWISE : SINGLE));
            long window = endMillis - startMillis;
            int runs = between(1, 3) + (int) (window / (Clock.DAY * between(1, 3)));
            this.runStarts = new long[runs];
            for (int i = 0; i < runs; i++) {
                runStarts[i] = startMillis + (long) (rng.nextDouble() * window * 0.9);
            }
            Arrays.sort(runStarts);
            this.gapMillis = PerClient.logUniformLong(rng, 300, 6_000);
            this.length = OutputLength.draw(rng, 80, 600, 10, 2_000);
            this.temperature = rng.nextInt(4) == 0 ? 0.2 : 0.0;
            this.judgeModel = rng.nextInt(3) == 0 ? Models.REASONING : Models.LARGE;
            this.teamSeed = rng.nextLong();
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            if (run < 0 || step >= models * questions.size()) {
                run++;
                if (run >= runStarts.length) {
                    return Long.MAX_VALUE;
                }
                t = Math.max(t, runStarts[run]);
                models = between(1, 4);
                step = 0;
                return t;
            }
            t += Clock.jittered(rng, gapMillis, 0.5);
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            int model = step / questions.size();
            int q = step % questions.size();
            step++;
            String question = questions.get(q);
            // The answer of checkpoint `model` in run `run`: the same within a run, new in the next.
            SplittableRandom answerRng = new SplittableRandom(teamSeed ^ (run * 1_000_003L + model * 7919L + q));
            String answer = CandidateAnswers.answer(question, 2 + answerRng.nextInt(6), answerRng);
            String prompt;
            String verdict;
            if (pairwise) {
                SplittableRandom baseline = new SplittableRandom(teamSeed ^ (0x5BD1E995L + q));
                prompt = String.format(template, question, answer,
                        CandidateAnswers.answer(question, 2 + baseline.nextInt(6), baseline));
                verdict = "[[" + "ABC".charAt(rng.nextInt(3)) + "]]";
            } else {
                prompt = String.format(template, question, answer);
                verdict = "Rating: [[" + (1 + rng.nextInt(10)) + "]]";
            }
            List<Message> messages = List.of(new Message("user", prompt));
            int completion = Math.min(2048, length.next(rng));
            return emit(ts, Endpoint.CHAT_COMPLETIONS, judgeModel,
                    new RequestDraft().messages(messages).temperature(temperature).maxTokens(2048).build(),
                    ok("The answer is relevant and mostly accurate. " + verdict, null,
                            completion >= 2048 ? "length" : "stop", Tokens.of(messages), completion,
                            250 + completion * (long) between(10, 22)));
        }
    }
}
