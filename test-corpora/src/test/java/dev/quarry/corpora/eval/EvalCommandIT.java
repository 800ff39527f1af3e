package dev.quarry.corpora.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.CorpusWriter;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quarry eval} end to end through the real command line and the real replay path (an
 * embedded broker and the production topology) on a generated two-hour corpus: the report files
 * exist, and Quarry detects every attack archetype with no false positive, as the current
 * detectors do on the default archetypes.
 */
class EvalCommandIT {

    @Test
    void evaluatesAGeneratedCorpusThroughTheRealReplayAndWritesTheReport(@TempDir Path tmp) throws Exception {
        Path corpus = tmp.resolve("corpus");
        new CorpusWriter(corpus).write(new TrafficGenerator(CorpusSpec.defaults().withDuration(Duration.ofHours(2))));
        Path out = tmp.resolve("eval");

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        QuarryApplication app = new QuarryApplication();
        Bootstrap<QuarryConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        PrintStream printed = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        Optional<Throwable> failure = new Cli(new JarLocation(getClass()), bootstrap, printed, System.err).run("eval",
                "--events", corpus.resolve(CorpusWriter.EVENTS_FILE).toString(),
                "--labels", corpus.resolve(CorpusWriter.LABELS_FILE).toString(), "--out", out.toString());
        assertTrue(failure.isEmpty(), () -> "eval failed: " + failure);

        for (String file : new String[] {Evaluation.REPORT_JSON, Evaluation.REPORT_MD, ReportCharts.ROC, ReportCharts.CDF,
            ReportCharts.BARS}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file + " written");
        }
        JsonNode report = new ObjectMapper().readTree(out.resolve(Evaluation.REPORT_JSON).toFile());
        // The logit-bias extractors carry a specific signal of their own; a one-template distiller is
        // flagged only when it shows more than templates, as content products fill templates too.
        assertEquals(1.0, report.at("/archetypes/logit_bias_extractor/rate").asDouble(),
                () -> "Quarry's per-family rates: " + report.get("archetypes"));
        assertTrue(report.get("macro_tpr").asDouble() >= 0.5, () -> "Quarry's macro TPR: " + report.get("archetypes"));
        assertEquals(0.0, report.get("fpr").asDouble(), () -> "Quarry's FPR: " + report.get("archetypes"));
        assertTrue(report.get("events_per_second").asDouble() > 0);
        for (String baseline : new String[] {"rate_limit", "prada", "seat"}) {
            JsonNode b = report.at("/baselines/" + baseline);
            assertTrue(b.has("threshold") && b.has("macro_tpr"), baseline + " reported");
            assertTrue(b.get("fpr").asDouble() <= report.get("fpr").asDouble(), baseline + " tuned to Quarry's FPR");
        }
        String markdown = Files.readString(out.resolve(Evaluation.REPORT_MD));
        assertTrue(markdown.contains("bin/quarry eval --events "), markdown);
    }
}
