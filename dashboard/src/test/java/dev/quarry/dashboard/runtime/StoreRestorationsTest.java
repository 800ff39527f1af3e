package dev.quarry.dashboard.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StoreRestorationsTest {
    private final StoreRestorations restorations = new StoreRestorations();
    private final TopicPartition p0 = new TopicPartition("quarry-detection-client-profiles-changelog", 0);
    private final TopicPartition p1 = new TopicPartition("quarry-detection-client-profiles-changelog", 1);

    @Test
    void restoresUntilEveryStartedPartitionHasEnded() {
        assertFalse(restorations.any());
        restorations.onRestoreStart(p0, "client-profiles", 0, 100);
        restorations.onRestoreStart(p1, "client-profiles", 0, 50);
        restorations.onBatchRestored(p0, "client-profiles", 100, 100);
        restorations.onRestoreEnd(p0, "client-profiles", 100);
        assertTrue(restorations.any(), "partition 1 still restoring");
        restorations.onRestoreEnd(p1, "client-profiles", 50);
        assertFalse(restorations.any());
    }

    @Test
    void aSuspendedRestorationNoLongerCounts() {
        restorations.onRestoreStart(p0, "client-profiles", 0, 100);
        restorations.onRestoreSuspended(p0, "client-profiles", 40);
        assertFalse(restorations.any());
    }

    @Test
    void storesOfOnePartitionAreTrackedApart() {
        restorations.onRestoreStart(p0, "client-profiles", 0, 100);
        restorations.onRestoreStart(p0, "pipeline-totals-client", 0, 3);
        restorations.onRestoreEnd(p0, "pipeline-totals-client", 3);
        assertTrue(restorations.any());
        restorations.clear();
        assertFalse(restorations.any());
    }
}
