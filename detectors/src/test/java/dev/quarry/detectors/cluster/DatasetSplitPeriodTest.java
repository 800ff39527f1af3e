package dev.quarry.detectors.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.config.DatasetSplitConfig;
import dev.quarry.detectors.config.FusionConfig;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dataset-split side compares clients active in the same period and forgets idle ones. */
class DatasetSplitPeriodTest {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final int SET = 600;
    private MockProcessorContext<String, Alert> context;
    private KeyValueStore<String, byte[]> store;
    private DatasetSplitProcessor processor;

    @BeforeEach
    void start() {
        context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("split"), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        DatasetSplitDetector detector = new DatasetSplitDetector(new DatasetSplitConfig());
        processor = new DatasetSplitProcessor(detector, FleetFusion.of(new FusionConfig(), detector::headline, "split"),
                new PipelineCounters(), "split");
        processor.init(context);
    }

    /** Member {@code m} claims its own slice of 40 items, starting at {@code ts}. */
    private void slice(int m, long ts) {
        for (int i = 0; i < 40; i++) {
            processor.process(new Record<>("gsm-like", new ClusterMessage.ItemClaim("gsm-like", "key_m" + m, "",
                    m * 40 + i, SET, "e" + m + "-" + i, ts + i * 60_000L), ts + i * 60_000L));
        }
    }

    private boolean alerted() {
        return context.forwarded().stream().anyMatch(r -> r.record().value().severity() != null);
    }

    @Test
    void findsASplitWhoseMembersWalkTheSetInTheSamePeriod() {
        for (int m = 0; m < 8; m++) {
            slice(m, m * DAY / 4);
        }
        assertTrue(alerted());
    }

    @Test
    void doesNotCompareClientsOfDifferentPeriods() {
        // One account a fortnight, each walking its own part: no two were active in the same week.
        for (int m = 0; m < 8; m++) {
            slice(m, m * 14 * DAY);
        }
        assertFalse(alerted());
    }

    @Test
    void forgetsTheItemsOfClientsIdleForAPeriod() {
        slice(0, 0);
        assertNotNull(store.get("c|gsm-like|key_m0"));
        processor.forgetIdle(6 * DAY);
        assertNotNull(store.get("c|gsm-like|key_m0"));
        processor.forgetIdle(8 * DAY);
        assertNull(store.get("c|gsm-like|key_m0"));
    }

    /** An evaluation asks items 480-519, in the part no member has walked yet, {@code passes} times. */
    private void evaluation(int passes, long ts) {
        for (int p = 0; p < passes; p++) {
            for (int i = 0; i < 40; i++) {
                long at = ts + (p * 40L + i) * 1_000L;
                processor.process(new Record<>("gsm-like", new ClusterMessage.ItemClaim("gsm-like", "key_eval", "",
                        480 + i, SET, "v" + p + "-" + i, at), at));
            }
        }
    }

    private boolean memberAlerted(String client) {
        return context.forwarded().stream().anyMatch(r -> client.equals(r.record().key()) && r.record().value().severity() != null);
    }

    /** The claims are counted with their repeats: an evaluation run for two models is left out. */
    @Test
    void leavesOutAnEvaluationThatAsksItsItemsForTwoModels() {
        evaluation(2, 0);
        for (int m = 0; m < 8; m++) {
            slice(m, DAY / 8);
        }
        assertTrue(alerted());
        assertFalse(memberAlerted("key_eval"));
        assertTrue(memberAlerted("key_m3"));
    }

    @Test
    void takesInAClientThatAskedItsPartOnce() {
        evaluation(1, 0);
        for (int m = 0; m < 8; m++) {
            slice(m, DAY / 8);
        }
        assertTrue(memberAlerted("key_eval"));
    }
}
