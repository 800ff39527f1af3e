package dev.quarry.corpora.bench.jmh;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.detector.LogitBiasSweepDetector;
import dev.quarry.detectors.detector.TemplatedQueryDetector;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One {@code observe} call of each detector on the state a client has after 200 events, with
 * the event's {@link PromptFeatures} already computed (they are shared by all detectors and
 * benchmarked on their own): {@link TemplatedQueryDetector} on a templated distiller's prompts
 * (MinHash match against its template table) and {@link LogitBiasSweepDetector} on an extractor's
 * requests (50 biased ids each into the bitmap, plus the prompt-repeat table). The next 256 events
 * of the same client are cycled; the state keeps growing as it would in production.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DetectorBenchmark {
    private static final int WARM = 200;
    private static final int CYCLE = 256;

    private TemplatedQueryDetector templated;
    private LogitBiasSweepDetector logitBias;
    private TemplatedQueryDetector.State templatedState;
    private LogitBiasSweepDetector.State logitBiasState;
    private InferenceEvent[] templatedEvents;
    private PromptFeatures[] templatedFeatures;
    private InferenceEvent[] sweepEvents;
    private PromptFeatures[] sweepFeatures;
    private int next;

    @Setup
    public void setUp() {
        templated = new TemplatedQueryDetector(Fixtures.CONFIG.templatedQueries());
        logitBias = new LogitBiasSweepDetector(Fixtures.CONFIG.logitBiasSweep());
        MinHasher hasher = Fixtures.minHasher();
        List<InferenceEvent> distiller = Fixtures.clientEvents(1, WARM + CYCLE);
        List<InferenceEvent> extractor = Fixtures.clientEvents(0, WARM + CYCLE);
        templatedState = templated.newState();
        logitBiasState = logitBias.newState();
        for (int i = 0; i < WARM; i++) {
            templated.observe(distiller.get(i), PromptFeatures.of(distiller.get(i).request(), hasher), templatedState);
            logitBias.observe(extractor.get(i), PromptFeatures.of(extractor.get(i).request(), hasher), logitBiasState);
        }
        templatedEvents = new InferenceEvent[CYCLE];
        templatedFeatures = new PromptFeatures[CYCLE];
        sweepEvents = new InferenceEvent[CYCLE];
        sweepFeatures = new PromptFeatures[CYCLE];
        for (int i = 0; i < CYCLE; i++) {
            templatedEvents[i] = distiller.get(WARM + i);
            templatedFeatures[i] = PromptFeatures.of(templatedEvents[i].request(), hasher);
            templatedFeatures[i].signature();
            sweepEvents[i] = extractor.get(WARM + i);
            sweepFeatures[i] = PromptFeatures.of(sweepEvents[i].request(), hasher);
        }
    }

    @Benchmark
    public Optional<DetectorFinding> templatedQueryObserve() {
        int i = next++ & (CYCLE - 1);
        return templated.observe(templatedEvents[i], templatedFeatures[i], templatedState);
    }

    @Benchmark
    public Optional<DetectorFinding> logitBiasSweepObserve() {
        int i = next++ & (CYCLE - 1);
        return logitBias.observe(sweepEvents[i], sweepFeatures[i], logitBiasState);
    }
}
