package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.Sources;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Attack {@code reward_harvester}: harvests reward and preference signals to train a reward model
 * or to run preference optimisation on a student, the "RL reward-model signals" that Anthropic's
 * 2026 distillation report names among what was extracted. The requests are AI-feedback data
 * generation as in Constitutional AI's RLAIF stage (Bai et al. 2022), RLAIF (Lee et al. 2023) and
 * UltraFeedback (Cui et al. 2023): the teacher is asked to grade one candidate response on a scale,
 * to prefer one of two candidates, or to rank several, where the candidates are themselves
 * generated answers (public model outputs when a text source is given) to broad, varied tasks
 * from every domain. Unlike a {@link JudgeEvalTeam} the task set never repeats and the volume is
 * sustained.
 *
 * <p>Per client: the mix of grading, pairwise and ranking requests; the scale (1-5, 1-10, 0-100);
 * one of several phrasings of each judge prompt, in the client's {@link Wording}; judgments with a
 * rationale (median 40-700 tokens) or bare verdicts (1-20 tokens, a share of them scored from
 * {@code logprobs}); temperature 0-0.7; a mean gap of 5 s to 5 minutes with 5-60% jitter inside
 * the client's {@link ActiveHours}.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class RewardHarvester implements Archetype {
    /** Phrasings of the single-answer grading request; {@code %1$s} the task, {@code %2$s} the scale. */
    static final List<String> GRADE = List.of(
            "Please act as an impartial judge and rate the response below to the user's question on a scale of %2$s. "
                    + "Consider helpfulness, accuracy and depth.\n\n[Question]\n%1$s\n\n[Response]\n",
            "Score the following answer from %2$s. Output the score first, then explain.\n\nQuestion: %1$s\n\nAnswer:\n",
            "You are a reward model. Given the prompt and the completion, give a quality score of %2$s.\n"
                    + "Prompt: %1$s\nCompletion: ",
            "Rate how helpful, honest and harmless this reply is (%2$s).\n### Instruction\n%1$s\n### Reply\n");
    /** Phrasings of the pairwise request; {@code %s} the task. */
    static final List<String> PAIRWISE = List.of(
            "Which of the two responses below better answers the question? Reply with [[A]] or [[B]] after a "
                    + "short explanation.\n\n[Question]\n%s\n\n",
            "Compare Response A and Response B to the following instruction and say which one is better.\n"
                    + "Instruction: %s\n\n",
            "Consider the following conversation and the two possible assistant replies. Which reply is more "
                    + "helpful and harmless? Answer (A) or (B).\n\nHuman: %s\n\n",
            "I have two candidate answers for this prompt: \"%s\". Pick the best one and give a confidence.\n\n");
    /** Phrasings of the ranking request; {@code %s} the task. */
    static final List<String> RANK = List.of(
            "Rank the following responses to the instruction from best to worst. Give the ranking as a list of "
                    + "numbers, e.g. 2 > 1 > 3.\n\nInstruction: %s\n\n",
            "Here are several candidate completions for the prompt below. Order them by overall quality and give "
                    + "each a score from 1 to 10.\n\nPrompt: %s\n\n",
            "Evaluate these answers to \"%s\" on helpfulness, truthfulness and instruction following, then rank "
                    + "them.\n\n");
    private static final String[] SCALES = {"1 to 10", "1 to 5", "0 to 100", "1-7"};

    @Override
    public String name() {
        return "reward_harvester";
    }

    @Override
    public Label label() {
        return Label.ATTACK;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis, sources);
    }

    private static final class Stream extends ClientStream {
        private final Sources sources;
        private final double gradeShare;
        private final double pairShare;
        private final String grade;
        private final String pairwise;
        private final String rank;
        private final String scale;
        private final boolean verdictOnly;
        private final boolean logprobScores;
        private final OutputLength length;
        private final double temperature;
        private final String model;
        private final long gapMillis;
        private final double jitter;
        private final ActiveHours hours;
        private final int maxCandidates;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            double g = rng.nextDouble();
            double p = rng.nextDouble();
            double r = rng.nextDouble() * 0.6;
            this.gradeShare = g / (g + p + r);
            this.pairShare = p / (g + p + r);
            Wording words = Wording.draw(rng);
            this.grade = words.apply(PerClient.pick(rng, GRADE));
            this.pairwise = words.apply(PerClient.pick(rng, PAIRWISE));
            this.rank = words.apply(PerClient.pick(rng, RANK));
            this.scale = PerClient.pick(rng, SCALES);
            this.verdictOnly = rng.nextInt(4) == 0;
            this.logprobScores = verdictOnly && rng.nextBoolean();
            this.length = verdictOnly ? OutputLength.draw(rng, 1, 20, 1, 40)
                    : OutputLength.draw(rng, 40, 700, 5, 3_000);
            this.temperature = PerClient.temperature(rng, 0.0, 0.7);
            this.model = rng.nextInt(4) == 0 ? Models.REASONING : rng.nextInt(5) == 0 ? Models.MINI : Models.LARGE;
            this.gapMillis = PerClient.logUniformLong(rng, 5_000, 300_000);
            this.jitter = PerClient.uniform(rng, 0.05, 0.6);
            this.hours = ActiveHours.machine(rng);
            this.maxCandidates = 3 + rng.nextInt(4);
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            t = hours.next(rng, t, endMillis, gapMillis, jitter, client.utcOffsetMinutes());
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            String task = TaskSources.anyTask(sources, rng);
            double kind = rng.nextDouble();
            StringBuilder prompt = new StringBuilder(2_000);
            String verdict;
            if (kind < gradeShare) {
                prompt.append(String.format(grade, task, scale)).append(TaskSources.candidate(sources, task,
                        between(2, 8), rng));
                verdict = "Rating: [[" + (1 + rng.nextInt(10)) + "]]";
            } else if (kind < gradeShare + pairShare) {
                prompt.append(String.format(pairwise, task));
                for (String label : new String[] {"A", "B"}) {
                    prompt.append("[Response ").append(label).append("]\n")
                            .append(TaskSources.candidate(sources, task, between(2, 8), rng)).append("\n\n");
                }
                verdict = rng.nextBoolean() ? "[[A]]" : "[[B]]";
            } else {
                int k = between(3, maxCandidates);
                prompt.append(String.format(rank, task));
                List<Integer> order = new ArrayList<>();
                for (int i = 1; i <= k; i++) {
                    prompt.append("Response ").append(i).append(":\n")
                            .append(TaskSources.candidate(sources, task, between(1, 6), rng)).append("\n\n");
                    order.add(rng.nextInt(order.size() + 1), i);
                }
                verdict = "Ranking: " + String.join(" > ", order.stream().map(String::valueOf).toList());
            }
            List<Message> messages = List.of(new Message("user", prompt.toString().strip()));
            RequestDraft request = new RequestDraft().messages(messages).temperature(temperature)
                    .maxTokens(length.maxTokens());
            if (logprobScores) {
                request.logprobs(5);
            }
            int completion = length.capped(length.next(rng));
            String text = verdictOnly ? verdict : "The first response addresses the question more directly. "
                    + verdict;
            return emit(ts, Endpoint.CHAT_COMPLETIONS, model, request.build(),
                    ok(text, null, length.finish(completion, "stop"), Tokens.of(messages), completion,
                            250 + completion * (long) between(10, 25)));
        }
    }
}
