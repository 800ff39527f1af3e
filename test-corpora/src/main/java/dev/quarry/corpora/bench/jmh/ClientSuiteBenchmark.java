package dev.quarry.corpora.bench.jmh;

import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.source.Sources;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.detectors.detector.Detector;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorRegistry;
import dev.quarry.detectors.detector.DetectorState;
import dev.quarry.detectors.detector.RequestDistillationScorer;
import dev.quarry.detectors.state.ClientProfile;
import dev.quarry.detectors.watermark.WatermarkChecks;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.encoder.HashingEncoder;
import dev.quarry.fingerprint.encoder.TextEncoder;
import dev.quarry.fingerprint.reference.ReferenceIndex;
import dev.quarry.fingerprint.reference.ReferenceIndexCache;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.ingest.InferenceEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-client detectors' work on one event of {@code generate}'s default mix, as the client
 * step does it: the event's {@link PromptFeatures}, then every detector of the registry in order on
 * its client's profile. No Kafka, no fusion, no store: the text and state work the detectors
 * themselves add per event. The mix's first {@value #EVENTS} events (seed 42, fewer when the mix
 * has fewer) are cycled in order, each client's state growing as it would; caches keyed by text
 * (the reference lookup's, the coercion lexicon's) see the repeats the mix has.
 *
 * <p>Parameters: {@code textSource}, the public text and timing to generate with, as {@code
 * generate --text-source --timing-source} (for example {@code ../shared/corpora}; empty: the
 * built-in text); {@code referenceDir}, public sets to index for {@code benchmark_harvesting} and
 * the provenance lookups (read through the on-disk index cache in {@code java.io.tmpdir}; empty: a
 * lookup that holds nothing); {@code detector}, {@code all} or one detector's name to time it
 * alone, with the features it asks for.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClientSuiteBenchmark {
    static final int EVENTS = 1 << 15;
    /** The default encoder of the features, as the client step's. */
    private static final TextEncoder ENCODER = new HashingEncoder();

    @Param("")
    public String referenceDir;

    @Param("all")
    public String detector;

    @Param("")
    public String textSource;

    private List<Detector<?>> detectors;
    private MinHasher hasher;
    private InferenceEvent[] events;
    private ClientProfile[] profiles;
    private int next;

    @Setup
    public void setUp() throws IOException {
        ReferenceLookup reference = referenceDir.isBlank() ? ReferenceLookup.none()
                : ReferenceIndexCache.load(Path.of(referenceDir), ReferenceIndex.DEFAULT_MIN_SIMILARITY,
                        ReferenceIndex.DEFAULT_MIN_WORDS,
                        Path.of(System.getProperty("java.io.tmpdir"), "quarry-reference-cache"));
        DetectorContext context = new DetectorContext(Fixtures.CONFIG.signatures(), reference,
                new RequestDistillationScorer(), WatermarkChecks.off());
        List<Detector<?>> all = DetectorRegistry.of(Fixtures.CONFIG, new WatermarkConfig()).create(context);
        detectors = detector.equals("all") ? all
                : all.stream().filter(d -> d.name().equals(detector)).toList();
        if (detectors.isEmpty()) {
            throw new IllegalArgumentException("no detector " + detector + " among "
                    + all.stream().map(Detector::name).toList());
        }
        hasher = Fixtures.minHasher();
        Path text = textSource.isBlank() ? null : Path.of(textSource);
        Iterator<InferenceEvent> mix = new TrafficGenerator(CorpusSpec.defaults(), Sources.of(text, text)).events();
        List<InferenceEvent> first = new ArrayList<>(EVENTS);
        while (first.size() < EVENTS && mix.hasNext()) {
            first.add(mix.next());
        }
        events = first.toArray(new InferenceEvent[0]);
        Map<String, ClientProfile> byClient = new HashMap<>();
        profiles = new ClientProfile[events.length];
        for (int i = 0; i < events.length; i++) {
            profiles[i] = byClient.computeIfAbsent(events[i].clientId(), c -> new ClientProfile());
        }
    }

    /** Events cycled (after {@link #setUp}). */
    int events() {
        return events.length;
    }

    /**
     * One event: its features (recalled from an earlier event of the same text, as the client step
     * does), then each detector on its client's state.
     */
    @Benchmark
    public void event(Blackhole bh) {
        int i = next;
        next = next + 1 == events.length ? 0 : next + 1;
        InferenceEvent e = events[i];
        ClientProfile profile = profiles[i];
        PromptFeatures f = PromptFeatures.recalled(e.request(), hasher, ENCODER);
        for (Detector<?> d : detectors) {
            bh.consume(observe(d, e, f, profile));
        }
    }

    private static <S extends DetectorState> Optional<DetectorFinding> observe(Detector<S> d, InferenceEvent e,
            PromptFeatures f, ClientProfile p) {
        return d.observe(e, f, p.state(d));
    }
}
