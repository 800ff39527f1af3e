package dev.quarry.corpora.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuarryDetectionsTest {
    private static final long T0 = 1_700_000_000_000L;

    private static Alert version(String id, int version, String client, Severity s, long ts, long eventsSeen) {
        return new Alert(id, version, ts, T0, Subject.client(client), s, 0.5, List.of(), "e" + version, eventsSeen,
                "summary");
    }

    private final QuarryDetections detections = new QuarryDetections(List.of(
            version("a", 1, "attacker", Severity.LOW, T0 + 10_000, 12),
            version("a", 2, "attacker", Severity.MEDIUM, T0 + 40_000, 40),
            version("a", 3, "attacker", Severity.CRITICAL, T0 + 90_000, 95),
            version("w", 1, "watched", Severity.LOW, T0 + 5_000, 7)),
            Map.of("attacker", T0 - 20_000, "watched", T0));

    @Test
    void timesDetectionFromTheFirstVersionReachingTheThreshold() {
        ClientDetection d = detections.at(Severity.MEDIUM).get("attacker");
        assertEquals(40, d.queriesToDetect());
        assertEquals(60_000, d.millisToDetect(), "from the client's first event, not the alert's first_ts");
        assertEquals(95, detections.at(Severity.CRITICAL).get("attacker").queriesToDetect());
    }

    @Test
    void lowSeverityIsAWatchListNotADetection() {
        assertNull(detections.at(Severity.MEDIUM).get("watched"));
        assertEquals(7, detections.at(Severity.LOW).get("watched").queriesToDetect());
        assertEquals(Severity.LOW, detections.finalSeverity("watched"));
    }

    @Test
    void aClientIsJudgedByItsAlertsFinalVersion() {
        assertEquals(Severity.CRITICAL, detections.finalSeverity("attacker"));
        assertEquals(2, detections.at(Severity.LOW).size());
        assertEquals(1, detections.at(Severity.HIGH).size());
    }
}
