package dev.quarry.corpora.archetype;

import dev.quarry.corpora.text.CustomerTexts;
import dev.quarry.corpora.source.Sources;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Benign {@code classifier_app}: a product that uses the model as a sentiment, moderation or
 * routing classifier with the common constrained-output recipe for OpenAI-style APIs: bias the
 * label tokens with {@code logit_bias} 100 and ask for {@code max_tokens} 1. Every call pins
 * the same 2-4 label tokens with bias 100, asks for one token and sometimes for the top-2
 * log-probabilities as a confidence score. It is the benign look-alike of a logit-bias
 * extractor: biased, one-token, logprob-reading calls, but always on the same few ids.
 *
 * <p>Volume is steady during business hours (08:00-18:00 on weekdays in the app's time zone,
 * per client one call every 3-120 s, log-uniform) with a trickle at other times.
 *
 * <p>Stateless and thread-safe; the iterators it returns are not.
 */
public final class ClassifierApp implements Archetype {
    private static final double OFF_HOURS_INTENSITY = 0.04;

    @Override
    public String name() {
        return "classifier_app";
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
        private final CustomerTexts.Task task;
        private final int[] labelTokens;
        private final SortedMap<Integer, Double> bias;
        private final double peakGapMillis;
        private final double logprobRate;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis) {
            super(client, rng, startMillis, endMillis);
            this.task = CustomerTexts.Task.values()[rng.nextInt(CustomerTexts.Task.values().length)];
            List<String> labels = task.labels();
            this.labelTokens = new int[labels.size()];
            TreeMap<Integer, Double> b = new TreeMap<>();
            for (int i = 0; i < labels.size(); i++) {
                labelTokens[i] = PseudoVocabulary.idOf(labels.get(i));
                b.put(labelTokens[i], 100.0);
            }
            this.bias = Collections.unmodifiableSortedMap(b);
            this.peakGapMillis = PerClient.logUniform(rng, 3_000, 120_000);
            this.logprobRate = rng.nextInt(3) == 0 ? 0.0 : 0.2 + 0.4 * rng.nextDouble();
            this.t = startMillis;
        }

        private double intensity(long ts) {
            int hour = Clock.localHour(ts, client.utcOffsetMinutes());
            int day = Clock.localDayOfWeek(ts, client.utcOffsetMinutes());
            return day < 5 && hour >= 8 && hour < 18 ? 1.0 : OFF_HOURS_INTENSITY;
        }

        @Override
        protected long schedule() {
            t = Clock.thinnedArrival(rng, t, endMillis, peakGapMillis, this::intensity);
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            CustomerTexts.Labelled input = CustomerTexts.next(task, rng);
            List<Message> messages = List.of(new Message("system", task.instruction()),
                    new Message("user", input.text()));
            RequestDraft request = new RequestDraft().messages(messages).temperature(0.0).maxTokens(1)
                    .logitBias(bias);
            if (rng.nextDouble() < logprobRate) {
                request.logprobs(2);
            }
            int answer = rng.nextInt(100) < 92 ? input.labelIndex() : rng.nextInt(labelTokens.length);
            return emit(ts, Endpoint.CHAT_COMPLETIONS, "orion-mini", request.build(),
                    ok(task.labels().get(answer), new int[] {labelTokens[answer]}, "length",
                            Tokens.of(messages), 1, between(60, 220)));
        }
    }
}
