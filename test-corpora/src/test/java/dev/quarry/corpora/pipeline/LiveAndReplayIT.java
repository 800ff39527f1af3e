package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.ClientLabel;
import dev.quarry.corpora.CorpusCounts;
import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.CorpusWriter;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.QuarryRuntime;
import dev.quarry.dashboard.runtime.EventPublisher;
import dev.quarry.dashboard.runtime.ReplayRun;
import dev.quarry.dashboard.store.AlertQuery;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.ingest.InferenceEvent;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import dev.quarry.corpora.archetype.ArchetypeKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A generated, labelled corpus through both paths on real brokers: offline replay of the file,
 * and the live application reading {@code quarry.events}. Both must flag every logit-bias
 * extractor (a distillation-specific signal of its own), no benign client at any severity, and
 * agree alert for alert (same ids, clients and severities). A templated distiller that fills one
 * template is flagged only when it shows more than templates (see the evaluation): templates
 * alone are what content products do too.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LiveAndReplayIT {
    private static final Path DIR = tempDir();
    private static final DropwizardAppExtension<QuarryConfiguration> APP = new DropwizardAppExtension<>(
            QuarryApplication.class, "quarry-demo.yml", // the bundled default, from the class path
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            ConfigOverride.config("collector.port", "0"),
            ConfigOverride.config("alertStore.dir", DIR.resolve("alerts").toString()),
            // The live input never ends: once the corpus is in, the cluster side stops waiting for
            // the partitions (idle) and releases the last messages it holds for ordering.
            ConfigOverride.config("detection.hydra.orderIdleTimeout", "PT10S"));
    private static final CorpusSpec SPEC = CorpusSpec.defaults().withSeed(7);
    private static CorpusCounts corpus;
    private static List<ClientLabel> labels;

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("quarry-live-replay-");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void generate() throws Exception {
        TrafficGenerator generator = new TrafficGenerator(SPEC);
        corpus = new CorpusWriter(DIR.resolve("corpus")).write(generator);
        labels = generator.labels();
    }

    @Test
    void replayAndLivePathsFlagTheSameAttackersAndNoBenignClient() throws Exception {
        ReplayRun.Result replay = new ReplayRun(APP.getConfiguration(), line -> { }).run(List.of(corpus.eventsFile()));
        assertEquals(corpus.events(), replay.validEvents());
        assertEquals(0, replay.invalidRecords());

        Map<String, Severity> replayed = bySubject(replay.finalAlerts());
        Set<String> attackers = labels.stream().filter(ClientLabel::isAttack).map(ClientLabel::clientId)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> detected = replayed.entrySet().stream().filter(e -> e.getValue().isDetection())
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        Set<String> extractors = labels.stream()
                .filter(l -> l.archetype().equals(ArchetypeKind.LOGIT_BIAS_EXTRACTOR.wireName()))
                .map(ClientLabel::clientId).collect(Collectors.toCollection(TreeSet::new));
        assertFalse(extractors.isEmpty(), "the corpus has logit-bias extractors");
        assertTrue(detected.containsAll(extractors), () -> "every logit-bias extractor at medium or above: " + detected);
        assertTrue(attackers.containsAll(detected), () -> "only attackers at medium or above: " + detected);
        Set<String> benignAlerted = new TreeSet<>(replayed.keySet());
        benignAlerted.removeAll(attackers);
        assertEquals(Set.of(), benignAlerted, "no alert of any severity for a benign client");

        QuarryApplication app = APP.getApplication();
        QuarryRuntime live = app.runtime();
        assertTrue(live.detection().awaitRunning(Duration.ofMinutes(2)));
        try (EventPublisher publisher = new EventPublisher(live.bootstrapServers(), live.topics().events())) {
            Iterator<InferenceEvent> events = new TrafficGenerator(SPEC).events();
            while (events.hasNext()) {
                publisher.send(events.next());
            }
            publisher.flush();
        }
        awaitTrue("live topology processed the corpus", Duration.ofMinutes(5),
                () -> live.counters().eventsProcessed() >= corpus.events());
        awaitTrue("cluster side released what it held", Duration.ofMinutes(2),
                () -> live.counters().sideMessagesPending() == 0 && live.counters().clusterOrderHeld() == 0);
        assertEquals(0, live.counters().clusterOrderLate(), "the cluster side handled every message in order");
        awaitTrue("alert service ingested every alert version", Duration.ofMinutes(1),
                () -> live.ingestor().ingested() >= live.counters().alertsPublished());

        List<Alert> liveAlerts = live.store().search(AlertQuery.builder().limit(500).build()).items();
        assertEquals(replay.finalAlerts().size(), liveAlerts.size());
        assertEquals(ids(replay.finalAlerts()), ids(liveAlerts), "same alerts (id, client, severity, version)");
    }

    private static Map<String, Severity> bySubject(List<Alert> alerts) {
        Map<String, Severity> m = new TreeMap<>();
        // A cluster alert speaks for its members (as in QuarryDetections); members also get their own.
        for (Alert a : alerts) {
            List<String> clients = Subject.CLUSTER.equals(a.subject().kind()) ? a.subject().members()
                    : List.of(a.subject().key());
            clients.forEach(c -> m.merge(c, a.severity(), (x, y) -> x.compareTo(y) >= 0 ? x : y));
        }
        return m;
    }

    private static Set<String> ids(List<Alert> alerts) {
        return alerts.stream().map(a -> a.alertId() + " " + a.subject().key() + " " + a.severity().wireName() + " v" + a.version())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static void awaitTrue(String what, Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
