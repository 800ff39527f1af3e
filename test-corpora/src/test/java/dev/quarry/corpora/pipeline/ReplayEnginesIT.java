package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.CorpusCounts;
import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.ReplaySettings;
import dev.quarry.dashboard.runtime.ReplayCommand;
import dev.quarry.dashboard.runtime.ReplayRun;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
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
 * of the client detectors and of the cluster side (a hydra fleet) must be the same JSON, byte for
 * byte: ids, versions, times, severities, scores and evidence.
 *
 * <p>Two things are left out of that comparison, both where the broker engine depends on the
 * timing of its threads and the direct engine does not:
 * <ul>
 *   <li>{@code dataset_split} alerts: the dataset-split side takes item claims in the order they
 *       arrive from the client step's partitions (docs/known-limits.md), so on a broker its alert
 *       versions, and which member reaches which severity when, follow the interleaving. The
 *       direct engine hands them over in event-time order: two direct runs must agree on them too,
 *       and both engines must raise them for the corpus's dataset-split fleet.
 *   <li>peer statistics, off here: on a broker the peer-statistics side takes samples in the
 *       order they arrive from the client step's partitions, and a client step reads the snapshot
 *       in force from a global store that another thread updates when it reads the snapshot
 *       topic; the direct engine hands samples over in event-time order and updates the store
 *       before the next window of event time. That changes {@code peer_*} evidence and the peer
 *       holding that follows from it.
 * </ul>
 */
class ReplayEnginesIT {
    /** {@code generate --seed 42 --clients 240 --hours 4 --hydra-accounts 8 --dataset-split-accounts 6}: 13,651 events. */
    private static final CorpusSpec SPEC = CorpusSpec.mix(42, 240).withDuration(Duration.ofHours(4))
            .withCount(ArchetypeKind.HYDRA_CLUSTER, 8)
            .withCount(ArchetypeKind.DATASET_SPLIT_FLEET, 6);
    @TempDir
    static Path dir;
    private static CorpusCounts corpus;
    private static Path reference;

    @BeforeAll
    static void generate() throws Exception {
        GeneratedCorpus generated = GeneratedCorpus.write(SPEC, dir.resolve("corpus"));
        corpus = generated.counts();
        reference = generated.reference();
    }

    @Test
    void directAndBrokerEnginesPublishTheSameAlertVersions() throws Exception {
        ReplayRun.Result direct = replay(ReplaySettings.ENGINE_DIRECT);
        ReplayRun.Result broker = replay(ReplaySettings.ENGINE_BROKER);

        assertEquals(corpus.events(), direct.validEvents());
        assertEquals(broker.validEvents(), direct.validEvents());
        assertEquals(broker.duplicates(), direct.duplicates());
        assertTrue(detectors(direct).containsAll(Set.of("hydra_cluster", "dataset_split", "near_duplicate_queries")),
                () -> "the corpus alerts on both cross-client sides and a client detector: " + detectors(direct));
        assertTrue(detectors(broker).contains("dataset_split"), () -> "the broker engine too: " + detectors(broker));
        assertEquals(json(broker.alerts(), false), json(direct.alerts(), false),
                "every alert version but the dataset-split side's, as JSON");

        ReplayRun.Result again = replay(ReplaySettings.ENGINE_DIRECT);
        assertEquals(json(direct.alerts(), true), json(again.alerts(), true),
                "two direct runs: every alert version, the dataset-split side's too");
    }

    private static Set<String> detectors(ReplayRun.Result r) {
        Set<String> names = new TreeSet<>();
        r.alerts().forEach(a -> a.detectors().forEach(d -> names.add(d.name())));
        return names;
    }

    private static ReplayRun.Result replay(String engine) throws Exception {
        QuarryConfiguration config = demoConfiguration();
        config.kafka().replay().engine(engine);
        config.reference().dir(reference.toString()).cache(false);
        config.detection().peers().enabled(false);
        return new ReplayRun(config, line -> { }).run(List.of(corpus.eventsFile()));
    }

    private static List<String> json(List<Alert> alerts, boolean datasetSplit) {
        return alerts.stream()
                .filter(a -> datasetSplit || a.detectors().stream().noneMatch(d -> d.name().equals("dataset_split")))
                .map(AlertJson::toJson).toList();
    }

    /** The bundled {@code quarry-demo.yml}, loaded as {@code bin/quarry replay} loads it. */
    private static QuarryConfiguration demoConfiguration() throws Exception {
        QuarryApplication app = new QuarryApplication();
        Bootstrap<QuarryConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        return ReplayCommand.loadConfig(bootstrap, null);
    }
}
