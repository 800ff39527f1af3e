package dev.quarry.corpora.eval;

import dev.quarry.detectors.alert.Severity;
import java.util.List;
import java.util.Map;

/**
 * Everything one evaluation measured. Immutable.
 *
 * @param command the command line that produced it
 * @param events valid events in the corpus
 * @param clients labelled clients that sent at least one event: every rate counts these
 * @param silentClients labelled clients that sent no event in the file (a schedule that falls
 *     outside the window): nothing can detect them, so they are left out of every rate
 * @param eventsPerSecond end-to-end replay throughput (ReplayRun: broker, topology, exactly-once)
 * @param quarry Quarry at the detection threshold, {@code medium}
 * @param sweep Quarry at each severity threshold, low to critical
 * @param baselines each baseline at its tuned threshold
 */
public record EvalReport(String command, long events, int clients, int silentClients, double eventsPerSecond,
        double replaySeconds, double baselineSeconds, Scorecard quarry, Map<Severity, Scorecard> sweep,
        List<BaselineResult> baselines) {
}
