package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.ChatPhrases;
import dev.quarry.corpora.text.TaskBank;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Attack {@code reseller_proxy}: an API reseller whose one key carries both its paying
 * customers' ordinary chat and a distillation job of its own, blended in to hide it, as the
 * proxy services in Anthropic's 2026 distillation report that "mix distillation traffic with
 * unrelated customer requests". A client-level detector sees a busy key whose traffic is only
 * partly templated: here 25-60% of calls are the {@link TemplatedDistiller} harvest (its system
 * prompt and task template, long outputs) and the rest are single-turn customer chats on varied
 * topics with varied system prompts, all at a steady rate around the clock (per client a mean gap
 * of 4-120 s; harvest outputs of median 200-2,000 tokens).
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class ResellerProxy implements Archetype {
    private static final String[] CUSTOMER_SYSTEMS = {"You are a helpful assistant.",
        "You are a customer support bot for an online shop.", "You are a writing assistant.", ""};

    @Override
    public String name() {
        return "reseller_proxy";
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
        private final double distillShare;
        private final double meanGapMillis;
        private final OutputLength length;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.distillShare = 0.25 + 0.35 * rng.nextDouble();
            this.meanGapMillis = PerClient.logUniform(rng, 4_000, 120_000);
            this.length = OutputLength.fixed(PerClient.logUniform(rng, 200, 2_000), PerClient.uniform(rng, 0.1, 0.5),
                    40, 4_096, 4_096);
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            t += Clock.exponential(rng, meanGapMillis);
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            if (rng.nextDouble() < distillShare) {
                String task = TaskBank.task(rng.nextInt(TaskBank.size()));
                List<Message> messages = List.of(new Message("system", TemplatedDistiller.SYSTEM_PROMPT),
                        new Message("user", TemplatedDistiller.TASK_PREFIX + task + TemplatedDistiller.TASK_SUFFIX));
                int completion = length.next(rng);
                return emit(ts, Endpoint.CHAT_COMPLETIONS, Models.LARGE,
                        new RequestDraft().messages(messages).temperature(0.7).maxTokens(4096).build(),
                        ok(Answers.reasoning(task), null, "stop", Tokens.of(messages), completion,
                                400 + completion * 20L));
            }
            String q = sources.prompts().draw(PromptSet.CHAT, rng);
            q = q != null ? q : ChatPhrases.opener(ChatPhrases.topic(rng.nextInt(ChatPhrases.topicCount())), rng);
            String system = CUSTOMER_SYSTEMS[rng.nextInt(CUSTOMER_SYSTEMS.length)];
            List<Message> messages = system.isEmpty() ? List.of(new Message("user", q))
                    : List.of(new Message("system", system), new Message("user", q));
            int completion = between(40, 600);
            return emit(ts, Endpoint.CHAT_COMPLETIONS, rng.nextBoolean() ? Models.LARGE : Models.MINI,
                    new RequestDraft().messages(messages).temperature(0.8).stream(Boolean.TRUE).build(),
                    ok(Answers.helpful(q, rng), null, "stop", Tokens.of(messages), completion, 300 + completion * 15L));
        }
    }
}
