package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.LogitBiasBisectionConfig;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogitBiasBisectionDetectorTest {
    private final LogitBiasBisectionDetector detector = new LogitBiasBisectionDetector(new LogitBiasBisectionConfig());

    /**
     * Carlini et al.'s logprob-free search: per token, the bias doubles from {@code first} until the
     * token would win (its hidden gap), then {@code bisections} midpoint steps. No logprobs.
     */
    private static List<InferenceEvent> bisection(String client, int tokens, double first, int bisections, long seed) {
        Random rnd = new Random(seed);
        List<InferenceEvent> out = new ArrayList<>();
        int i = 0;
        for (int t = 0; t < tokens; t++) {
            int token = 5_000 + 7 * t;
            double gap = 0.5 + 40 * rnd.nextDouble();
            double low = 0;
            double high = Double.NaN;
            double bias = first;
            int steps = 0;
            while (steps < bisections) {
                out.add(EventBuilder.event(client + "-" + i).client(client).at(Traffic.T0.plus(Duration.ofMillis(1_500L * i++)))
                        .prompt("The quick brown fox").maxTokens(1).temperature(0).bias(token, bias).completionTokens(1).build());
                boolean wins = bias >= gap;
                if (Double.isNaN(high) && !wins) {
                    low = bias;
                    bias = Math.min(100, bias * 2);
                } else {
                    if (wins) {
                        high = bias;
                    } else {
                        low = bias;
                    }
                    bias = (low + high) / 2;
                    steps++;
                }
            }
        }
        return out;
    }

    @Test
    void flagsOneTokenBisectionOverManyTokens() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(bisection("key_x", 80, 0.125, 6, 1)).last().orElseThrow();
        assertTrue(f.score() >= 0.9, "score " + f.score());
        assertEquals(80L, ((Number) f.evidence().get("searched_tokens")).longValue());
        assertTrue(((Number) f.evidence().get("share_search_steps")).doubleValue() > 0.9);
    }

    @Test
    void reachesMediumAfterAFewDozenTokensWhateverTheStartingBias() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(bisection("key_x", 20, 1.0, 5, 2)).last().orElseThrow();
        assertTrue(f.score() >= 0.5, "score " + f.score());
    }

    @Test
    void doesNotFlagAClassifierPinningLabelTokensAtAConstantBias() {
        DetectorHarness<LogitBiasBisectionDetector.State> h = new DetectorHarness<>(detector)
                .feed(Traffic.classifierApp("key_c", 3_000));
        assertTrue(h.last().isEmpty());
        assertEquals(0.0, h.maxScore());
    }

    @Test
    void doesNotFlagADeveloperTryingAFewBiasValuesOnce() {
        List<InferenceEvent> events = new ArrayList<>();
        double[] values = {5, 10, 20, 50, 100, -100, 0};
        int i = 0;
        for (int token : new int[] {1734, 9906}) {
            for (double v : values) {
                events.add(EventBuilder.event("dev-" + i).client("key_dev").at(Traffic.T0.plus(Duration.ofMinutes(2L * i++)))
                        .user("Say yes or no: is the sky blue?").maxTokens(5).bias(token, v).build());
            }
        }
        events.addAll(Traffic.humanChat("key_dev", 100, 4));
        assertTrue(new DetectorHarness<>(detector).feed(events).last().isEmpty());
    }

    @Test
    void ignoresABlockSweepThatBiasesEachTokenOnce() {
        assertTrue(new DetectorHarness<>(detector).feed(Traffic.logitBiasExtractor("key_s", 100, 100)).last().isEmpty());
    }
}
