package dev.quarry.corpora.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.corpora.ClientLabel;
import dev.quarry.detectors.alert.Severity;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.json, report.md and the plots, from a small report built by hand (no broker). */
class ReportFilesTest {
    private static final List<ClientLabel> LABELS = List.of(
            new ClientLabel("s1", "attack", "sweeper", ""),
            new ClientLabel("d1", "attack", "distiller", ""),
            new ClientLabel("c1", "benign", "chat", ""),
            new ClientLabel("c2", "benign", "chat", ""));

    private static EvalReport report() {
        Map<Severity, Scorecard> sweep = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            Map<String, ClientDetection> flagged = s == Severity.CRITICAL
                    ? Map.of("s1", new ClientDetection(25, 30_000))
                    : Map.of("s1", new ClientDetection(6, 20_000), "d1", new ClientDetection(30, 150_000));
            sweep.put(s, DetectionMetrics.score(LABELS, flagged));
        }
        BaselineResult rate = new BaselineResult("rate_limit", "busiest hour", 700, ">=", 0.0,
                DetectionMetrics.score(LABELS, Map.of("d1", new ClientDetection(1800, 8_000_000))));
        BaselineResult prada = new BaselineResult("prada", "Shapiro-Wilk W", Double.NEGATIVE_INFINITY, "<=", 0.0,
                DetectionMetrics.score(LABELS, Map.of()));
        return new EvalReport("bin/quarry eval --events e --labels l --out o", 1234, 4, 1, 321.5, 3.8, 1.2,
                sweep.get(Severity.MEDIUM), sweep, List.of(rate, prada));
    }

    @Test
    void aLabelledClientWithoutEventsIsLeftOutOfTheRates() {
        List<ClientLabel> labels = List.of(new ClientLabel("key_a", "attack", "sweeper", ""),
                new ClientLabel("key_b", "attack", "sweeper", ""), new ClientLabel("key_c", "benign", "chat", ""));
        assertEquals(List.of("key_a", "key_c"), Evaluation.withTraffic(labels, Map.of("key_a", 3L, "key_c", 1L, "key_x", 9L))
                .stream().map(ClientLabel::clientId).toList());
    }

    @Test
    void jsonHasTheRequiredKeys(@TempDir Path dir) throws Exception {
        ReportJson.write(report(), dir.resolve("report.json"));
        JsonNode root = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        for (String key : List.of("macro_tpr", "tpr", "fpr", "precision", "events_per_second", "thresholds",
                "archetypes", "baselines")) {
            assertTrue(root.has(key), "missing " + key + " in " + root);
        }
        assertEquals(1.0, root.get("macro_tpr").asDouble());
        assertEquals(321.5, root.get("events_per_second").asDouble());
        assertEquals(1, root.get("silent_clients").asInt());
        assertEquals(List.of("low", "medium", "high", "critical"), fieldNames(root.get("thresholds")));
        assertEquals(0.5, root.at("/thresholds/critical/tpr").asDouble());
        JsonNode sweeper = root.at("/archetypes/sweeper");
        for (String key : List.of("label", "clients", "flagged", "rate", "median_queries_to_detect",
                "p90_queries_to_detect", "median_time_to_detect_s")) {
            assertTrue(sweeper.has(key), "missing archetype key " + key);
        }
        assertEquals(6, sweeper.get("median_queries_to_detect").asInt());
        assertEquals(20.0, sweeper.get("median_time_to_detect_s").asDouble());
        assertTrue(root.at("/archetypes/chat/median_queries_to_detect").isNull(), "undefined medians are null");
        JsonNode rate = root.at("/baselines/rate_limit");
        assertEquals(700.0, rate.get("threshold").asDouble());
        assertEquals(0.5, rate.get("macro_tpr").asDouble());
        assertTrue(rate.at("/archetypes/distiller").has("rate"));
        assertEquals("none", root.at("/baselines/prada/threshold").asText());
        assertTrue(root.at("/baselines/prada/precision").isNull());
    }

    @Test
    void markdownHasACommandAndATablePerArchetype() {
        String md = ReportMarkdown.render(report());
        assertTrue(md.contains("bin/quarry eval --events e --labels l --out o"), md);
        assertTrue(md.contains("1 more labelled clients sent no event"), md);
        for (String archetype : List.of("sweeper", "distiller", "chat")) {
            assertTrue(md.contains("### " + archetype), "table for " + archetype);
        }
        assertTrue(md.contains("| rate_limit | score >= 700 |"), md);
        assertTrue(md.contains("none (flags nobody)"), md);
    }

    @Test
    void writesThreeReadablePlots(@TempDir Path dir) throws Exception {
        List<Path> files = ReportCharts.write(report(), dir);
        assertEquals(List.of(dir.resolve(ReportCharts.ROC), dir.resolve(ReportCharts.CDF), dir.resolve(ReportCharts.BARS)),
                files);
        for (Path f : files) {
            BufferedImage img = ImageIO.read(f.toFile());
            assertNotNull(img, f + " is a PNG");
            assertTrue(img.getWidth() >= 800 && img.getHeight() >= 500, f + " is large enough to read");
            assertTrue(Files.size(f) > 5_000, f + " has content");
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
