package dev.quarry.corpora.archetype;

import dev.quarry.corpora.text.TaskBank;
import dev.quarry.corpora.source.Sources;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceResponse;
import dev.quarry.ingest.Message;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Attack {@code templated_distiller}: harvests teacher outputs to train a student model, in the
 * manner of Self-Instruct (Wang et al. 2023) and Alpaca (Taori et al. 2023) with an Orca-style
 * explanation-tuning system prompt (Mukherjee et al. 2023). The query stream is the templated,
 * near-duplicate pattern that SEAT (Zhang et al. 2021) and Blacklight (Li et al. 2022) detect:
 * one instruction template whose only varying part is a task drawn from a large generated bank
 * (verbs x objects x domains, tens of thousands of tasks), asking for long explanations
 * ({@code max_tokens} 2048-4096; per client a median of 200-1,800 completion tokens, a temperature
 * of 0.3-1.0), around the clock at a steady cadence (per client a mean gap of 5-120 s, 10-60% jitter).
 *
 * <p>Tasks are taken in an order all group members derive from the group seed (an affine
 * permutation of the bank) and split between them, so no task is sent twice by the group until
 * the bank is exhausted; a call refused with 429 is retried with the same task.
 *
 * <p>Stateless and thread-safe; the iterators it returns are not.
 */
public final class TemplatedDistiller implements Archetype {
    /** The fixed system prompt. */
    public static final String SYSTEM_PROMPT = "You are an AI assistant. Provide a detailed answer so the user "
            + "does not need to search outside to understand the answer.";
    /** The user message is {@code TASK_PREFIX + task + TASK_SUFFIX}. */
    public static final String TASK_PREFIX = "Task: ";
    /** See {@link #TASK_PREFIX}. */
    public static final String TASK_SUFFIX =
            "\nRespond with a complete, detailed answer and explain your reasoning step by step.";
    private static final int[] MAX_TOKENS = {2048, 3072, 4096};

    @Override
    public String name() {
        return "templated_distiller";
    }

    @Override
    public Label label() {
        return Label.ATTACK;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis);
    }

    private static final class Stream extends ClientStream {
        private final long multiplier;
        private final long shift;
        private final JitteredCadence cadence;
        private final int maxTokens;
        private final OutputLength length;
        private final double temperature;
        private long request;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis) {
            super(client, rng, startMillis, endMillis);
            SplittableRandom plan = new SplittableRandom(client.groupSeed());
            long size = TaskBank.size();
            long a = 1 + plan.nextLong(size - 1);
            while (!BigInteger.valueOf(a).gcd(BigInteger.valueOf(size)).equals(BigInteger.ONE)) {
                a = 1 + plan.nextLong(size - 1);
            }
            this.multiplier = a;
            this.shift = plan.nextLong(size);
            long meanGapMillis = PerClient.logUniformLong(rng, 5_000, 120_000);
            this.maxTokens = MAX_TOKENS[rng.nextInt(MAX_TOKENS.length)];
            this.cadence = new JitteredCadence(rng, startMillis, meanGapMillis, PerClient.uniform(rng, 0.1, 0.6));
            this.length = OutputLength.fixed(PerClient.logUniform(rng, 200, 1_800), PerClient.uniform(rng, 0.1, 0.5),
                    60, maxTokens, maxTokens);
            this.temperature = PerClient.temperature(rng, 0.3, 1.0);
        }

        @Override
        protected long schedule() {
            return cadence.next();
        }

        @Override
        protected InferenceEvent build(long ts) {
            long slot = (request * client.groupSize() + client.groupRank()) % TaskBank.size();
            String task = TaskBank.task((int) ((multiplier * slot + shift) % TaskBank.size()));
            List<Message> messages = List.of(new Message("system", SYSTEM_PROMPT),
                    new Message("user", TASK_PREFIX + task + TASK_SUFFIX));
            int promptTokens = Tokens.of(messages);
            InferenceResponse response;
            if (rng.nextInt(100) == 0) {
                response = failed(429, promptTokens, between(20, 80));
            } else {
                request++;
                int completion = length.next(rng);
                long latency = 400 + (long) completion * between(18, 30);
                response = ok(answer(task), null, "stop", promptTokens, completion, latency);
            }
            return emit(ts, Endpoint.CHAT_COMPLETIONS, "orion-large",
                    new RequestDraft().messages(messages).temperature(temperature).maxTokens(maxTokens).build(), response);
        }

        private String answer(String task) {
            String topic = Character.toLowerCase(task.charAt(0)) + task.substring(1, task.length() - 1);
            return "Let's work through this step by step.\n\nStep 1: Understand the task. We are asked to "
                    + topic + ". To answer fully, we need the background, the main ideas, and worked examples."
                    + "\n\nStep 2: ...";
        }
    }
}
