package dev.quarry.corpora.archetype;

import dev.quarry.corpora.text.ChatPhrases;
import dev.quarry.corpora.text.Typos;
import dev.quarry.corpora.source.Sources;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceResponse;
import dev.quarry.ingest.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code chat_user}: a person talking to the assistant through their own key or a thin
 * chat app. Models conversational traffic as described for real chat logs (LMSYS-Chat-1M, Zheng
 * et al. 2024; WildChat, Zhao et al. 2024): short multi-turn sessions on everyday topics, each
 * request resending the earlier turns, follow-ups such as "can you make it shorter?", the odd
 * typo, and sessions that follow the user's waking hours in their own time zone.
 *
 * <p>Per user: 6 to 48 sessions a day (so a few dozen to a few hundred calls), about 3.5 turns a
 * session, a fixed temperature in 0.7-1.0, four favourite topics; one user in eight asks mostly for
 * long texts (essays, cover letters, stories: 1,000-4,000 tokens); never {@code logit_bias}; about
 * one user in seven sometimes asks for log-probabilities (a confidence display).
 *
 * <p>Stateless and thread-safe; the iterators it returns are not.
 */
public final class ChatUser implements Archetype {
    /** Share of the peak session rate by local hour: asleep at night, busiest in the evening. */
    private static final double[] HOURLY = {0.05, 0.02, 0.01, 0.01, 0.01, 0.02, 0.08, 0.25, 0.45, 0.6, 0.7,
        0.75, 0.7, 0.7, 0.75, 0.75, 0.7, 0.7, 0.75, 0.85, 1.0, 0.95, 0.6, 0.25};
    private static final double MEAN_HOURLY = Arrays.stream(HOURLY).average().orElseThrow();
    private static final double[] TEMPERATURES = {0.7, 0.75, 0.8, 0.9, 1.0};
    private static final Integer[] MAX_TOKENS = {null, null, null, 512, 1024, 2048};
    private static final String[] SYSTEM_PROMPTS = {"You are a helpful assistant.",
        "You are a friendly assistant. Answer concisely.",
        "You are Pal, a helpful assistant inside a notes app. Be brief and kind.",
        "Answer in plain language. Use short paragraphs."};
    /** Earlier turns resent with each request; chat apps cap the history to bound cost. */
    private static final int HISTORY_MESSAGES = 10;

    @Override
    public String name() {
        return "chat_user";
    }

    @Override
    public Label label() {
        return Label.BENIGN;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis);
    }

    private static final class Stream extends ClientStream {
        private final double peakSessionGapMillis;
        private final int[] favouriteTopics = new int[4];
        private final String model;
        private final double temperature;
        private final Integer maxTokens;
        private final Boolean stream;
        private final String systemPrompt;
        private final double logprobRate;
        private final double typoRate;
        private final boolean longAnswers;

        private final List<Message> history = new ArrayList<>(0);
        private ChatPhrases.Topic topic;
        private int turnsLeft;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis) {
            super(client, rng, startMillis, endMillis);
            double sessionsPerDay = 6 * Math.exp(rng.nextDouble() * Math.log(8));
            this.peakSessionGapMillis = Clock.DAY * MEAN_HOURLY / sessionsPerDay;
            for (int i = 0; i < favouriteTopics.length; i++) {
                favouriteTopics[i] = rng.nextInt(ChatPhrases.topicCount());
            }
            this.model = rng.nextInt(10) < 7 ? "orion-large" : "orion-mini";
            this.temperature = TEMPERATURES[rng.nextInt(TEMPERATURES.length)];
            this.maxTokens = MAX_TOKENS[rng.nextInt(MAX_TOKENS.length)];
            this.stream = rng.nextInt(10) < 6 ? Boolean.TRUE : null;
            this.systemPrompt = rng.nextInt(10) < 4 ? SYSTEM_PROMPTS[rng.nextInt(SYSTEM_PROMPTS.length)] : null;
            this.logprobRate = rng.nextInt(7) == 0 ? 0.1 : 0.0;
            this.typoRate = 0.03 + 0.12 * rng.nextDouble();
            this.longAnswers = rng.nextInt(8) == 0;
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            if (turnsLeft == 0) {
                t = Clock.thinnedArrival(rng, t, endMillis, peakSessionGapMillis,
                        ts -> HOURLY[Clock.localHour(ts, client.utcOffsetMinutes())]);
            } else {
                t += between(15, 180) * Clock.SECOND;
            }
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            String text;
            boolean opener = turnsLeft == 0;
            if (opener) {
                topic = rng.nextInt(4) < 3
                        ? ChatPhrases.topic(favouriteTopics[rng.nextInt(favouriteTopics.length)])
                        : ChatPhrases.topic(rng.nextInt(ChatPhrases.topicCount()));
                history.clear();
                turnsLeft = Math.min(12, 1 + geometric(2.5));
                text = ChatPhrases.opener(topic, rng);
            } else {
                text = ChatPhrases.followUp(topic, rng);
            }
            turnsLeft--;
            if (rng.nextDouble() < typoRate) {
                text = Typos.introduce(text, rng);
            }

            List<Message> messages = new ArrayList<>(history.size() + 2);
            if (systemPrompt != null) {
                messages.add(new Message("system", systemPrompt));
            }
            messages.addAll(history);
            Message user = new Message("user", text);
            messages.add(user);
            RequestDraft request = new RequestDraft().messages(messages).temperature(temperature)
                    .maxTokens(maxTokens).stream(stream);
            if (rng.nextDouble() < logprobRate) {
                request.logprobs(rng.nextBoolean() ? null : between(1, 3));
            }

            int promptTokens = Tokens.of(messages);
            InferenceResponse response;
            long latency;
            if (rng.nextInt(400) == 0) {
                latency = between(30, 2_000);
                response = failed(rng.nextBoolean() ? 500 : 429, promptTokens, latency);
            } else {
                int completion = longAnswers && rng.nextInt(3) > 0 ? between(1_000, 4_000)
                        : opener ? between(120, 700) : between(40, 450);
                String finish = "stop";
                if (maxTokens != null && completion > maxTokens) {
                    completion = maxTokens;
                    finish = "length";
                }
                latency = 250 + (long) completion * between(12, 30);
                String reply = ChatPhrases.reply(topic, rng);
                response = ok(reply, null, finish, promptTokens, completion, latency);
                history.add(user);
                history.add(new Message("assistant", reply));
                while (history.size() > HISTORY_MESSAGES) {
                    history.remove(0);
                    history.remove(0);
                }
            }
            InferenceEvent event = emit(ts, Endpoint.CHAT_COMPLETIONS, model, request.build(), response);
            t += latency; // the next turn is typed after the answer has arrived
            if (turnsLeft == 0) {
                history.clear(); // a dormant user holds no text between sessions
            }
            return event;
        }

        /** Failures before the first success of a coin with mean {@code mean} failures. */
        private int geometric(double mean) {
            double p = 1.0 / (1.0 + mean);
            int n = 0;
            while (rng.nextDouble() > p && n < 100) {
                n++;
            }
            return n;
        }
    }
}
