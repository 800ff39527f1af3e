package dev.quarry.dashboard.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store partitions of this instance being restored from their changelogs, as Kafka
 * Streams' restore callbacks tell them. A restoration ends with {@code onRestoreEnd}, or with
 * {@code onRestoreSuspended} when its task moves away first. Called on stream and state-updater
 * threads, read on any; thread-safe.
 */
final class StoreRestorations implements StateRestoreListener {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRestorations.class);
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        inProgress.add(key(partition, store));
        LOG.debug("Restoring {} from {} (offsets {} to {})", store, partition, startingOffset, endingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        inProgress.remove(key(partition, store));
        LOG.debug("Restored {} from {}: {} records", store, partition, totalRestored);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        inProgress.remove(key(partition, store));
    }

    /** Whether any store partition is being restored now. */
    boolean any() {
        return !inProgress.isEmpty();
    }

    /** Forgets every restoration (the streams were closed). */
    void clear() {
        inProgress.clear();
    }

    private static String key(TopicPartition partition, String store) {
        return store + "@" + partition;
    }
}
