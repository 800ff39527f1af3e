package dev.quarry.dashboard.journal;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.broker.EmbeddedKafka;
import dev.quarry.dashboard.runtime.TopicAdmin;
import dev.quarry.dashboard.triage.TriageChange;
import dev.quarry.dashboard.triage.TriageDesk;
import dev.quarry.dashboard.triage.TriageState;
import dev.quarry.dashboard.triage.TriageStatus;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.Severity;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Triage state on a real broker: two alert-service instances, each with its own journal on one
 * compacted topic, see each other's changes, and an instance started later reads the state whole
 * before it starts.
 */
class KafkaJournalIT {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void instancesShareTriageStateAndAnInstanceStartedLaterReadsIt() throws Exception {
        String topic = createCompacted("quarry.triage.shared");
        KafkaJournal a = new KafkaJournal(kafka.bootstrapServers(), Map.of(), topic);
        KafkaJournal b = new KafkaJournal(kafka.bootstrapServers(), Map.of(), topic);
        TriageDesk deskA = TriageDesk.on(a);
        TriageDesk deskB = TriageDesk.on(b);
        a.start();
        b.start();
        Alert alert = anAlert("al_shared").severity(Severity.HIGH).build();
        try {
            TriageState written = deskA.change(alert, new TriageChange("investigating", "alice", "on it").validated(), "soc");

            assertEquals(written, deskA.stateOf("al_shared"), "read back before the change returned");
            await(() -> written.equals(deskB.stateOf("al_shared")));
            deskB.change(alert, new TriageChange("resolved", null, "benign").validated(), "lead");
            await(() -> deskA.stateOf("al_shared").status() == TriageStatus.RESOLVED);
            assertEquals(2, deskA.stateOf("al_shared").notes().size());
        } finally {
            a.stop();
            b.stop();
        }

        KafkaJournal later = new KafkaJournal(kafka.bootstrapServers(), Map.of(), topic);
        TriageDesk restarted = TriageDesk.on(later);
        later.start();
        try {
            assertEquals(deskB.stateOf("al_shared"), restarted.stateOf("al_shared"), "read whole at start");
            assertTrue(later.isAlive());
            assertEquals(2, later.records());
        } finally {
            later.stop();
        }
    }

    @Test
    void refusesToStartOnATopicThatDoesNotExist() {
        KafkaJournal journal = new KafkaJournal(kafka.bootstrapServers(), Map.of(), "quarry.triage.missing");

        IllegalStateException e = assertThrows(IllegalStateException.class, journal::start);
        assertTrue(e.getMessage().contains("quarry.triage.missing does not exist"), e.getMessage());
    }

    @Test
    void refusesAnAppendBeforeItStarted() {
        KafkaJournal journal = new KafkaJournal(kafka.bootstrapServers(), Map.of(), "quarry.triage.unstarted");

        assertThrows(JournalUnavailableException.class, () -> journal.append("k", new byte[0]));
    }

    private static String createCompacted(String topic) {
        try (TopicAdmin admin = TopicAdmin.connect(kafka.bootstrapServers())) {
            admin.createMissing(Map.of(topic, 2), (short) 1,
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(50);
        }
    }
}
