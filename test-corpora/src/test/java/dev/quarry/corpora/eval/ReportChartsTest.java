package dev.quarry.corpora.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.ClientLabel;
import dev.quarry.detectors.alert.Severity;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each plot, drawn from a small report built by hand: a PNG at its size, with text and with the
 * systems' marks in the plot, not only in the legend.
 */
class ReportChartsTest {
    /** An archetype name as an attacker could write it into labels.csv: markup and format specifiers. */
    private static final String HOSTILE = "<html><b>%s{0}</b>";
    private static final List<ClientLabel> LABELS = List.of(
            new ClientLabel("s1", "attack", "sweeper", ""),
            new ClientLabel("s2", "attack", "sweeper", ""),
            new ClientLabel("d1", "attack", "distiller", ""),
            new ClientLabel("d2", "attack", "distiller", ""),
            new ClientLabel("h1", "attack", HOSTILE, ""),
            new ClientLabel("c1", "benign", "chat", ""),
            new ClientLabel("c2", "benign", "chat", ""));

    private static EvalReport report() {
        Map<Severity, Scorecard> sweep = new EnumMap<>(Severity.class);
        sweep.put(Severity.LOW, DetectionMetrics.score(LABELS, Map.of("s1", at(0.4), "s2", at(30), "d1", at(600),
                "d2", at(7_200), "h1", at(200_000), "c1", at(90))));
        sweep.put(Severity.MEDIUM, DetectionMetrics.score(LABELS, Map.of("s1", at(0.4), "s2", at(30), "d1", at(600),
                "h1", at(200_000))));
        sweep.put(Severity.HIGH, DetectionMetrics.score(LABELS, Map.of("s1", at(40), "d1", at(900))));
        sweep.put(Severity.CRITICAL, DetectionMetrics.score(LABELS, Map.of("s1", at(400))));
        List<BaselineResult> baselines = List.of(
                new BaselineResult("rate_limit", "busiest hour", 700, ">=", 0.0,
                        DetectionMetrics.score(LABELS, Map.of("d1", at(3_600)))),
                new BaselineResult("prada", "Shapiro-Wilk W", Double.NEGATIVE_INFINITY, "<=", 0.0,
                        DetectionMetrics.score(LABELS, Map.of())),
                new BaselineResult("seat", "similar pairs", 12, ">=", 0.0,
                        DetectionMetrics.score(LABELS, Map.of("s1", at(5_000), "s2", at(9_000)))));
        return new EvalReport("bin/quarry eval", 1234, LABELS.size(), 0, 321.5, 3.8, 1.2, sweep.get(Severity.MEDIUM),
                sweep, baselines);
    }

    private static ClientDetection at(double seconds) {
        return new ClientDetection(5, Math.round(seconds * 1000));
    }

    @Test
    void drawsTheRocChartWithQuarrysThresholdsAndTheBaselines(@TempDir Path dir) throws Exception {
        ReportCharts.write(report(), dir);
        BufferedImage roc = png(dir.resolve(ReportCharts.ROC), 1040, 640);
        // Legend marks alone: under 500 pixels of Quarry's blue (four dots), 144 of a baseline's colour.
        assertDrawn(roc, ReportCharts.QUARRY, 700, "Quarry's thresholds");
        for (int s = 1; s <= 3; s++) {
            assertDrawn(roc, ReportCharts.colour(s), 200, "baseline " + s + "'s square");
        }
    }

    @Test
    void drawsTheTimeToDetectionCdfWithAStepCurvePerSystem(@TempDir Path dir) throws Exception {
        ReportCharts.write(report(), dir);
        BufferedImage cdf = png(dir.resolve(ReportCharts.CDF), 900, 600);
        // A legend line is about 60 pixels; a step curve across the plot, ten times that.
        assertDrawn(cdf, ReportCharts.QUARRY, 600, "Quarry's curve");
        assertDrawn(cdf, ReportCharts.colour(3), 300, "SEAT's dashed curve");
    }

    @Test
    void drawsThePerArchetypeBarsWithTheRatesAsBars(@TempDir Path dir) throws Exception {
        ReportCharts.write(report(), dir);
        BufferedImage bars = png(dir.resolve(ReportCharts.BARS), 1000, 680);
        // The legend square is 144 pixels; Quarry's bars at 100%, 50% and 100% are thousands.
        assertDrawn(bars, ReportCharts.QUARRY, 3_000, "Quarry's bars");
        assertDrawn(bars, ReportCharts.colour(3), 1_000, "SEAT's sweeper bar");
    }

    @Test
    void drawsTheWatermarkLineChartOnALogAxis(@TempDir Path dir) throws Exception {
        Path file = ReportCharts.lineChart(dir.resolve("p.png"), "Radioactivity", "watermarked share",
                "-log10 p-value (log scale)", List.of("0%", "10%", "50%"), List.of("student's outputs"),
                List.of(new double[] {0.02, 6, 180}), 5.0, "p = 1e-5", true);
        BufferedImage line = png(file, 900, 560);
        assertDrawn(line, ReportCharts.QUARRY, 250, "the series");
    }

    /** The file exists and decodes at {@code w} x {@code h}, with text and marks, not a blank canvas. */
    private static BufferedImage png(Path file, int w, int h) throws Exception {
        assertTrue(Files.isRegularFile(file), file + " written");
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, file + " decodes as PNG");
        assertEquals(w, img.getWidth(), "width");
        assertEquals(h, img.getHeight(), "height");
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                colours.add(img.getRGB(x, y) & 0xffffff);
            }
        }
        // Anti-aliased text and lines alone give hundreds; a blank or flat image has a handful.
        assertTrue(colours.size() > 50, file + " has " + colours.size() + " colours");
        return img;
    }

    /** More than {@code min} pixels of exactly colour {@code c}: the inside of marks, not their anti-aliased edges. */
    private static void assertDrawn(BufferedImage img, Color c, int min, String what) {
        int rgb = c.getRGB() & 0xffffff;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        assertTrue(n > min, what + " drawn: " + n + " pixels");
    }
}
