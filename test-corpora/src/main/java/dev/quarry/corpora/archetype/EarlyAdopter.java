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
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class EarlyAdopter implements Archetype {

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
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.switchAt = Models.launchTime(startMillis, endMillis) + between(5, 180) * Clock.MINUTE;
            this.meanGapMillis = PerClient.logUniform(rng, 5, 60) * Clock.MINUTE;
            this.temperature = PerClient.temperature(rng, 0.3, 1.0);
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
            String q = sources.prompts().draw(PromptSet.INSTRUCTIONS, rng);
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
