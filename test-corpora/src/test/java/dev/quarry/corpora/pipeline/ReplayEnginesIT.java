package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.BenchmarkBank;
import dev.quarry.corpora.CorpusCounts;
import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.CorpusWriter;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.corpora.source.PromptSource;
import dev.quarry.corpora.source.Sources;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.ReplaySettings;
import dev.quarry.dashboard.runtime.ReplayRun;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One generated corpus replayed by both engines ({@code kafka.replay.engine}): {@code direct}, in
 * process without a broker, and {@code broker}, on the embedded KRaft broker. Every alert version
 * must be the same JSON, byte for byte: ids, versions, times, severities, scores and evidence, of
 * the client detectors and of the cross-client sides (a hydra fleet on the cluster side, a
 * dataset-split fleet on the dataset-split side, with the corpus's own benchmark items as the
 * reference set).
 *
 * <p>Peer statistics are off here: a client step reads the snapshot in force from a global store,
 * which on a broker is updated by another thread whenever it reads the snapshot topic, so near an
 * hour boundary of event time the broker engine's events may see the previous hour's snapshot
 * where the direct engine (which updates the store before the next record) sees the new one. That
 * difference is the broker's timing, not the engine's; with peers on, the two differ only in the
 * {@code peer_*} evidence and what peer holding follows from it.
 */
class ReplayEnginesIT {
    private static final CorpusSpec SPEC = CorpusSpec.empty(23, CorpusSpec.DEFAULT_START, Duration.ofHours(4))
            .withCount(ArchetypeKind.CHAT_USER, 20)
            .withCount(ArchetypeKind.CLASSIFIER_APP, 2)
            .withCount(ArchetypeKind.CODING_AGENT, 2)
            .withCount(ArchetypeKind.LOGIT_BIAS_EXTRACTOR, 2)
            .withCount(ArchetypeKind.REASONING_TRACE_HARVESTER, 2)
            .withCount(ArchetypeKind.TEMPLATED_DISTILLER, 2)
            .withCount(ArchetypeKind.BENCHMARK_HARVESTER, 2)
            .withCount(ArchetypeKind.HYDRA_CLUSTER, 4)
            .withCount(ArchetypeKind.DATASET_SPLIT_FLEET, 4);
    @TempDir
    static Path dir;
    private static CorpusCounts corpus;
    private static Path reference;

    @BeforeAll
    static void generate() throws Exception {
        BenchmarkBank bank = new BenchmarkBank();
        Sources sources = new Sources(PromptSource.builtInRecording(bank::record), Sources.builtIn().timing());
        corpus = new CorpusWriter(dir.resolve("corpus")).write(new TrafficGenerator(SPEC, sources));
        reference = bank.write(dir.resolve("corpus"));
    }

    @Test
    void directAndBrokerEnginesPublishTheSameAlertVersions() throws Exception {
        ReplayRun.Result direct = replay(ReplaySettings.ENGINE_DIRECT);
        ReplayRun.Result broker = replay(ReplaySettings.ENGINE_BROKER);

        assertEquals(corpus.events(), direct.validEvents());
        assertEquals(broker.validEvents(), direct.validEvents());
        assertEquals(broker.duplicates(), direct.duplicates());
        Set<String> detectors = new TreeSet<>();
        direct.alerts().forEach(a -> a.detectors().forEach(d -> detectors.add(d.name())));
        assertTrue(detectors.containsAll(Set.of("hydra_cluster", "dataset_split", "logit_bias_sweep")),
                () -> "the corpus alerts on both cross-client sides and a client detector: " + detectors);
        assertEquals(json(broker.alerts()), json(direct.alerts()), "every alert version, as JSON");
    }

    private static ReplayRun.Result replay(String engine) throws Exception {
        QuarryConfiguration config = demoConfiguration();
        config.kafka().replay().engine(engine);
        config.reference().dir(reference.toString()).cache(false);
        config.detection().peers().enabled(false);
        return new ReplayRun(config, line -> { }).run(List.of(corpus.eventsFile()));
    }

    private static List<String> json(List<Alert> alerts) {
        return alerts.stream().map(AlertJson::toJson).toList();
    }

    /** The bundled {@code quarry-demo.yml}, loaded as {@code bin/quarry replay} loads it. */
    private static QuarryConfiguration demoConfiguration() throws Exception {
        QuarryApplication app = new QuarryApplication();
        Bootstrap<QuarryConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        return QuarryApplication.configurationFactory(bootstrap).build(new ResourceConfigurationSourceProvider(),
                "quarry-demo.yml");
    }
}
