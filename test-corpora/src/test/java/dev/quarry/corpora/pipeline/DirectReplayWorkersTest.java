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
 * The {@code direct} engine with its client step on one worker and on three
 * ({@code kafka.replay.workers}): every alert version, of the client detectors and of every
 * cross-client side (clusters, dataset split, peer statistics on), must be the same JSON, and the
 * dead letters the same, whatever the number of workers.
 */
class DirectReplayWorkersTest {
    /** 240 clients over 6 hours (peer snapshots are read an hour and more behind), a hydra and a dataset-split fleet. */
    private static final CorpusSpec SPEC = CorpusSpec.mix(42, 240).withDuration(Duration.ofHours(6))
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
    void threeWorkersPublishTheAlertVersionsOfOne() throws Exception {
        ReplayRun.Result one = replay(1);
        ReplayRun.Result three = replay(3);

        assertEquals(corpus.events(), one.validEvents());
        assertEquals(one.validEvents(), three.validEvents());
        assertEquals(one.duplicates(), three.duplicates());
        assertTrue(detectors(one).containsAll(Set.of("hydra_cluster", "dataset_split")),
                () -> "the corpus alerts on the cluster and dataset-split sides: " + detectors(one));
        assertTrue(one.alerts().stream().anyMatch(a -> AlertJson.toJson(a).contains("\"peer_clients\"")),
                "peer statistics reach the client step's alerts");
        assertEquals(json(one.alerts()), json(three.alerts()), "every alert version, as JSON");
        assertEquals(one.deadLetters(), three.deadLetters());
    }

    private static Set<String> detectors(ReplayRun.Result r) {
        Set<String> names = new TreeSet<>();
        r.alerts().forEach(a -> a.detectors().forEach(d -> names.add(d.name())));
        return names;
    }

    private static ReplayRun.Result replay(int workers) throws Exception {
        QuarryConfiguration config = demoConfiguration();
        config.kafka().replay().engine(ReplaySettings.ENGINE_DIRECT).workers(workers);
        config.reference().dir(reference.toString()).cache(false);
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
        return ReplayCommand.loadConfig(bootstrap, null);
    }
}
