package dev.quarry.corpora.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
    @TempDir
    Path dir;

    private final BenchReport report = new BenchReport(42, 3, Map.of("cores", 2, "processing_guarantee", "exactly_once_v2"),
            List.of(new BenchReport.Row(1000, 3000, 1.5, new BenchReport.Stage(3000, 0.5, 0.6, 0.1, 0.05),
                    new BenchReport.Stage(3000, 1.0, 1.2, 0.2, 0.15), new BenchReport.Stage(3000, 2.0, 3.0, 0.4, 0.75),
                    1234, Map.of("client-profiles", 600_000L, "seen-event-ids", 400_000L))));

    @Test
    void rowDerivesRatioAndStatePerClient() {
        BenchReport.Row row = report.rows().get(0);
        assertEquals(6000, row.passThrough().eventsPerSecond(), 1e-9);
        assertEquals(1500, row.full().eventsPerSecond(), 1e-9);
        assertEquals(0.25, row.ratio(), 1e-9);
        assertEquals(1000, row.stateBytesPerClient(), 1e-9);
        assertEquals(200, row.passThrough().cpuMicrosPerEvent(), 1e-9);
        assertEquals(400, row.noDetector().cpuMicrosPerEvent(), 1e-9);
        assertEquals(1000, row.full().cpuMicrosPerEvent(), 1e-9);
        assertEquals(1000, row.full().eventsPerCoreSecond(), 1e-9);
        assertEquals(0.4, row.full().compileSeconds(), 1e-9);
    }

    @Test
    void jsonHasEveryKeyOfARow() throws IOException {
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertEquals(42, json.get("seed").asLong());
        assertEquals(3, json.get("events_per_client").asInt());
        assertEquals("exactly_once_v2", json.get("environment").get("processing_guarantee").asText());
        JsonNode row = json.get("rows").get(0);
        for (String key : List.of("clients", "events", "produce_seconds", "pass_through_events_per_second",
                "pass_through_cpu_us_per_event", "full_cpu_us_per_event", "pass_through_jit_seconds", "full_jit_seconds",
                "pass_through_seconds", "no_detector_cpu_us_per_event", "no_detector_events_per_second",
                "no_detector_jit_seconds", "pass_through_startup_cpu_seconds", "no_detector_startup_cpu_seconds",
                "full_startup_cpu_seconds", "full_events_per_second", "full_events_per_core_second", "full_seconds", "ratio_full_to_pass_through",
                "heap_bytes_per_client", "state_bytes", "state_bytes_per_client")) {
            assertTrue(row.has(key), key);
        }
        assertEquals(0.25, row.get("ratio_full_to_pass_through").asDouble(), 1e-9);
        assertEquals(600_000, row.get("state_bytes").get("client-profiles").asLong());
        // The start-up's CPU time is reported apart and not charged to the events.
        assertEquals(0.75, row.get("full_startup_cpu_seconds").asDouble(), 1e-9);
        assertEquals(1000, row.get("full_cpu_us_per_event").asDouble(), 1e-9);
    }

    @Test
    void writesJsonAndMarkdownWithTheTable() throws IOException {
        report.write(dir.resolve("out"));

        new ObjectMapper().readTree(dir.resolve("out/bench.json").toFile());
        String md = Files.readString(dir.resolve("out/bench.md"));
        assertTrue(md.contains("| 1,000 | 3,000 | 200.0 / 400.0 / 1,000.0 | 1,000 | 6,000 / 3,000 / 1,500 | 0.1 / 0.2 / 0.4"
                + " | 1,234 | 1,000 |"), md);
    }
}
