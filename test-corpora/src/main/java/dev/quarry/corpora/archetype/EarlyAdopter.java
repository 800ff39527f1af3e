package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.ChatPhrases;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code early_adopter}: a developer or power user who tries a new model on the day it
 * is released. The benign look-alike of a launch pivot: its traffic moves from
 * {@link Models#LARGE} to {@link Models#LAUNCHED} soon after {@link Models#launchTime} (within
 * minutes to a few hours), with a burst of curious, varied prompts, but its volume stays that of
 * one person: sessions of a few calls, minutes apart.
 *
 * <p>Its prompts are its own questions: drawn from {@link PromptSet#CHAT}, the prompts real users
 * typed (the Open-Assistant prompt lottery, the first human turns of Anthropic's hh-rlhf), or the
 * built-in chat phrases when that set is unavailable. A person trying a new model also pastes the
 * odd well-known public item (an MT-bench or AlpacaEval prompt, a GSM8K or MMLU question, a
 * Self-Instruct seed task) to compare with what they have read about it; the share of such items
 * is drawn per client, uniformly in 0-20%, so some adopters paste none and a few paste one prompt
 * in five.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class EarlyAdopter implements Archetype {
    /** Well-known public sets a person may paste an item from. */
    private static final List<PromptSet> PUBLIC_SETS = List.of(PromptSet.MT_BENCH, PromptSet.ALPACA_EVAL,
            PromptSet.GSM8K, PromptSet.MMLU, PromptSet.INSTRUCTIONS);
    /** Upper end of the per-client share of pasted public items. */
    private static final double MAX_PUBLIC_SHARE = 0.2;

    @Override
    public String name() {
        return "early_adopter";
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

    private static final class Stream extends ClientStream {
        private final Sources sources;
        private final long switchAt;
        private final double meanGapMillis;
        private final double temperature;
        private final double publicShare;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.switchAt = Models.launchTime(startMillis, endMillis) + between(5, 180) * Clock.MINUTE;
            this.meanGapMillis = PerClient.logUniform(rng, 5, 60) * Clock.MINUTE;
            this.temperature = PerClient.temperature(rng, 0.3, 1.0);
            this.publicShare = PerClient.uniform(rng, 0.0, MAX_PUBLIC_SHARE);
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            boolean curious = t >= switchAt && t < switchAt + 2 * Clock.HOUR;
            t += sources.timing().gapMillis(rng, curious ? meanGapMillis / 4 : meanGapMillis);
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            String q = rng.nextDouble() < publicShare
                    ? sources.prompts().draw(PerClient.pick(rng, PUBLIC_SETS), rng)
                    : sources.prompts().draw(PromptSet.CHAT, rng);
            if (q == null) {
                q = ChatPhrases.opener(ChatPhrases.topic(rng.nextInt(ChatPhrases.topicCount())), rng);
            }
            List<Message> messages = List.of(new Message("user", q));
            int completion = sources.timing().completionTokens(rng, 30, 1500, between(100, 700));
            return emit(ts, Endpoint.CHAT_COMPLETIONS, ts >= switchAt ? Models.LAUNCHED : Models.LARGE,
                    new RequestDraft().messages(messages).temperature(temperature).stream(Boolean.TRUE).build(),
                    ok(Answers.helpful(q, rng), null, "stop", Tokens.of(messages), completion,
                            300 + completion * (long) between(12, 25)));
        }
    }
}
