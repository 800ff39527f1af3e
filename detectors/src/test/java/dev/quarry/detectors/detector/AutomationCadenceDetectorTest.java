package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.AutomationCadenceConfig;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AutomationCadenceDetectorTest {
    private final AutomationCadenceConfig config = new AutomationCadenceConfig();
    private final AutomationCadenceDetector detector = new AutomationCadenceDetector(config);

    /** A harvesting script: one call every ~mean ms with +-30% jitter, round the clock, fixed parameters. */
    private static List<InferenceEvent> script(String client, long meanMillis, Duration span, int workers, long seed) {
        Random rnd = new Random(seed);
        List<InferenceEvent> out = new ArrayList<>();
        long t = Traffic.T0.toEpochMilli();
        long end = t + span.toMillis();
        int i = 0;
        while (t < end) {
            for (int w = 0; w < workers; w++) {
                out.add(EventBuilder.event(client + "-" + i++).client(client).at(t + rnd.nextInt(200))
                        .user("Task " + i + ": explain something in depth.").temperature(1.0).maxTokens(16_384).build());
            }
            t += (long) (meanMillis * (0.7 + 0.6 * rnd.nextDouble()));
        }
        return out;
    }

    /** A person: sessions of a few prompts in the local day, long pauses, nights off, for several days. */
    private static List<InferenceEvent> diurnalChatUser(String client, int days, long seed) {
        Random rnd = new Random(seed);
        List<InferenceEvent> out = new ArrayList<>();
        int i = 0;
        for (int d = 0; d < days; d++) {
            for (int session = 0; session < 3 + rnd.nextInt(4); session++) {
                long t = Traffic.T0.plus(Duration.ofDays(d)).toEpochMilli()
                        + (long) ((1 + 14 * rnd.nextDouble()) * 3_600_000L);
                for (int q = 0; q < 2 + rnd.nextInt(8); q++) {
                    out.add(EventBuilder.event(client + "-" + i++).client(client).at(t)
                            .user("question " + i).temperature(0.8).stream(true).build());
                    t += 20_000 + (long) (rnd.nextDouble() * rnd.nextDouble() * 600_000);
                }
            }
        }
        out.sort(Comparator.comparingLong(InferenceEvent::tsMillis));
        return out;
    }

    @Test
    void reportsAScriptRunningRoundTheClockJustUnderItsCap() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(script("key_a", 20_000, Duration.ofHours(30), 1, 1))
                .last().orElseThrow();
        assertTrue(f.score() >= 0.2 && f.score() <= config.maxScore(), "score " + f.score());
        assertEquals(24, ((Number) f.evidence().get("active_hours_of_24")).intValue());
        assertTrue(((Number) f.evidence().get("gap_cv")).doubleValue() < 0.3, "cv " + f.evidence().get("gap_cv"));
    }

    /** Usage figures for the analyst's client page ride along with the evidence and survive the state codec. */
    @Test
    void reportsMeanTokensAndTheLatestSamplingParameters() throws IOException {
        List<InferenceEvent> events = new ArrayList<>();
        for (InferenceEvent e : script("key_u", 20_000, Duration.ofHours(2), 1, 4)) {
            events.add(EventBuilder.event(e.eventId()).client("key_u").at(e.tsMillis()).user(e.request().userText())
                    .temperature(0.3).maxTokens(900).promptTokens(120).completionTokens(600).build());
        }
        DetectorHarness<AutomationCadenceDetector.State> h = new DetectorHarness<>(detector).feed(events);
        DetectorFinding f = h.lastReported().orElseThrow();
        assertEquals(120L, ((Number) f.evidence().get("mean_prompt_tokens")).longValue());
        assertEquals(600L, ((Number) f.evidence().get("mean_completion_tokens")).longValue());
        assertEquals(Map.of("temperature", 0.3, "max_tokens", 900), f.evidence().get("latest_sampling"));

        AutomationCadenceDetector.State s = detector.newState();
        MinHasher hasher = new MinHasher(64, 1);
        for (InferenceEvent e : events) {
            detector.observe(e, PromptFeatures.of(e.request(), hasher), s);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.writeTo(new DataOutputStream(bytes));
        AutomationCadenceDetector.State back = detector.readState(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        back.writeTo(new DataOutputStream(again));
        assertArrayEquals(bytes.toByteArray(), again.toByteArray());
    }

    @Test
    void neverScoresAboveItsCapSoItCannotRaiseMediumAlone() {
        DetectorHarness<AutomationCadenceDetector.State> h = new DetectorHarness<>(detector)
                .feed(script("key_a", 10_000, Duration.ofHours(26), 3, 2));
        assertTrue(h.maxScore() <= config.maxScore() && h.maxScore() < 0.5, "max " + h.maxScore());
    }

    @Test
    void seesParallelWorkersBeforeADayHasPassed() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(script("key_p", 3_000, Duration.ofHours(2), 4, 3))
                .last().orElseThrow();
        assertTrue(((Number) f.evidence().get("share_same_second")).doubleValue() > 0.5);
        assertTrue(f.score() >= 0.12, "score " + f.score());
    }

    @Test
    void staysSilentForADiurnalBurstyChatUser() {
        DetectorHarness<AutomationCadenceDetector.State> h = new DetectorHarness<>(detector)
                .feed(diurnalChatUser("key_h", 6, 4));
        assertTrue(h.last().isEmpty(), () -> "finding " + h.last());
        assertTrue(h.maxScore() < 0.1, "max " + h.maxScore());
    }
}
