package dev.quarry.corpora.eval;

import dev.quarry.corpora.ClientLabel;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.runtime.ReplayRun;
import dev.quarry.detectors.alert.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One evaluation of a labelled corpus: the corpus goes through the real replay path
 * ({@link ReplayRun}: the production topology on a broker), the baselines are computed offline
 * from the same events file, and everything is scored per client against the labels and written
 * to a directory ({@code report.json}, {@code report.md}, PNG plots). Not thread-safe: one run per
 * instance.
 */
public final class Evaluation {
    public static final String REPORT_JSON = "report.json";
    public static final String REPORT_MD = "report.md";

    private final QuarryConfiguration config;
    private final Consumer<String> progress;

    public Evaluation(QuarryConfiguration config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    /** The baselines every evaluation reports, in report order. */
    public static List<Baseline> baselines() {
        return List.of(new RateLimitBaseline(), new PradaBaseline(), new SimilarPairBaseline());
    }

    /**
     * The labelled clients that sent at least one event: a client whose hours fall outside the
     * file's window is in the labels but not in the traffic, and no detector can see it.
     */
    static List<ClientLabel> withTraffic(List<ClientLabel> labels, Map<String, Long> eventCounts) {
        return labels.stream().filter(l -> eventCounts.getOrDefault(l.clientId(), 0L) > 0).toList();
    }

    public EvalReport run(Path events, Path labelsFile, Path out, String command) throws IOException, InterruptedException {
        List<ClientLabel> labelled = LabelsFile.read(labelsFile);
        Files.createDirectories(out);

        progress.accept("Scoring the baselines offline on " + events);
        long scanStart = System.nanoTime();
        List<Baseline> baselines = baselines();
        CorpusScan.Result scan = CorpusScan.scan(events, baselines);
        double scanSeconds = (System.nanoTime() - scanStart) / 1e9;
        List<ClientLabel> labels = withTraffic(labelled, scan.eventCounts());

        progress.accept("Replaying " + events + " through the detection topology ("
                + (config.kafka().embedded() ? "embedded Kafka broker" : config.kafka().bootstrapServers()) + ")");
        ReplayRun.Result replay = new ReplayRun(config, progress).run(List.of(events));

        QuarryDetections quarry = new QuarryDetections(replay.alerts(), scan.firstEventTs());
        Map<Severity, Scorecard> sweep = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            sweep.put(s, DetectionMetrics.score(labels, quarry.at(s)));
        }
        Scorecard atMedium = sweep.get(Severity.MEDIUM);
        double target = Double.isNaN(atMedium.fpr()) ? 0.0 : atMedium.fpr();
        List<BaselineResult> results = new ArrayList<>();
        for (Baseline b : baselines) {
            results.add(BaselineResult.of(b, scan.traces().get(b.name()), labels, target));
        }
        EvalReport report = new EvalReport(command, scan.events(), labels.size(),
                labelled.size() - labels.size(), replay.eventsPerSecond(),
                replay.elapsed().toMillis() / 1000.0, scanSeconds, atMedium, sweep, results);
        ReportJson.write(report, out.resolve(REPORT_JSON));
        ReportMarkdown.write(report, out.resolve(REPORT_MD));
        ReportCharts.write(report, out);
        return report;
    }
}
