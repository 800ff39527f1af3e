package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.DistillationTraffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.BlendedTrafficConfig;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlendedTrafficDetectorTest {
    private final BlendedTrafficDetector detector = new BlendedTrafficDetector(new BlendedTrafficConfig());

    @Test
    void flagsResellerCarryingOneHarvestCallInTenAroundTheClock() {
        // 4,000 calls 3 s apart: 3.3 hours, 400 harvest calls where 80 are expected
        DetectorFinding f = new DetectorHarness<>(detector).feed(DistillationTraffic.reseller("key_r", 4000, 10))
                .last().orElseThrow();
        assertTrue(f.score() >= 0.9, "finding " + f);
        assertEquals(400L, ((Number) f.evidence().get("distillation_like_requests")).longValue());
    }

    @Test
    void testsTheCountNotTheShare() {
        // a 1-in-12 share (8%) is small, but 250 such calls in 3,000 are far beyond a 2% base rate
        DetectorFinding f = new DetectorHarness<>(detector).feed(DistillationTraffic.reseller("key_r", 3000, 12))
                .last().orElseThrow();
        assertTrue(f.score() >= 0.5, "finding " + f);
    }

    @Test
    void capsAOneHourBurstOfHarvestCalls() {
        DetectorHarness<BlendedTrafficDetector.State> h = new DetectorHarness<>(detector)
                .feed(DistillationTraffic.chatWithOneBurst("key_b", 600, 60));
        assertTrue(h.maxScore() <= 0.3, "max score " + h.maxScore());
    }

    @Test
    void doesNotFlagABusyChatAppWithOccasionalEssayRequests() {
        assertQuiet(DistillationTraffic.busyChatApp("key_app", 6000));
    }

    @Test
    void doesNotFlagAHeavyChatUser() {
        assertQuiet(DistillationTraffic.heavyChatUser("key_h", 800, 5));
    }

    @Test
    void doesNotFlagARagApplication() {
        assertQuiet(DistillationTraffic.ragApplication("key_rag", 2000));
    }

    @Test
    void doesNotFlagAStudentAskingForSteps() {
        assertQuiet(DistillationTraffic.student("key_s", 150));
    }

    @Test
    void binomialTailMatchesDirectSummation() {
        double direct = 0;
        for (int k = 5; k <= 10; k++) {
            direct += Math.exp(BlendedTrafficDetector.logFactorial(10) - BlendedTrafficDetector.logFactorial(k)
                    - BlendedTrafficDetector.logFactorial(10 - k)) * Math.pow(0.02, k) * Math.pow(0.98, 10 - k);
        }
        assertEquals(Math.log10(direct), BlendedTrafficDetector.log10BinomialTail(5, 10, 0.02), 1e-9);
        assertEquals(0.0, BlendedTrafficDetector.log10BinomialTail(0, 1000, 0.02));
        // far tails stay finite instead of underflowing to zero
        assertTrue(BlendedTrafficDetector.log10BinomialTail(5000, 10_000, 0.02) < -3000);
    }

    @Test
    void stateRoundTripsToIdenticalBytes() throws IOException {
        MinHasher hasher = new MinHasher(64, 1);
        BlendedTrafficDetector.State s = detector.newState();
        for (InferenceEvent e : DistillationTraffic.reseller("key_r", 500, 5)) {
            detector.observe(e, PromptFeatures.of(e.request(), hasher), s);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writeTo(new DataOutputStream(out));
        BlendedTrafficDetector.State back = detector.readState(new DataInputStream(new ByteArrayInputStream(out.toByteArray())));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        back.writeTo(new DataOutputStream(again));
        assertArrayEquals(out.toByteArray(), again.toByteArray());
        assertEquals(33, out.size());
    }

    private void assertQuiet(List<InferenceEvent> events) {
        DetectorHarness<BlendedTrafficDetector.State> h = new DetectorHarness<>(detector).feed(events);
        assertTrue(h.last().isEmpty() && h.maxScore() == 0, () -> "max score " + h.maxScore() + ", last " + h.last());
    }
}
