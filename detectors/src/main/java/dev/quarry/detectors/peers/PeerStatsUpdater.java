package dev.quarry.detectors.peers;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global store of the peer-statistics topic and {@link LivePeerStats} in step: a record
 * sets a shape's snapshot at a boundary, a tombstone removes it. Runs on Kafka Streams' global thread. An
 * unreadable record is logged and skipped: bad statistics must not stop detection (without them a
 * client simply has no peer context).
 */
public final class PeerStatsUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(PeerStatsUpdater.class);
    private final String storeName;
    private final LivePeerStats live;
    private KeyValueStore<String, byte[]> store;

    public PeerStatsUpdater(String storeName, LivePeerStats live) {
        this.storeName = storeName;
        this.live = live;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                apply(kv.key, kv.value);
            }
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        apply(record.key(), record.value());
    }

    /**
     * Applies one record of the topic. Keys are {@code shape@boundary} ({@link PeerStatistics#recordKey}):
     * a snapshot, an empty value (the shape had no clients at that boundary) or a tombstone (the
     * boundary left the kept hours). A key of the shape alone is the earlier layout, one snapshot
     * per shape: its snapshot counts at the boundary it carries, its tombstone clears the shape.
     */
    private void apply(String key, byte[] value) {
        try {
            int at = key.indexOf('@');
            ClientShape shape = ClientShape.fromWireName(at < 0 ? key : key.substring(0, at));
            if (at < 0) {
                if (value == null) {
                    live.clear(shape);
                } else {
                    PeerSnapshot snap = PeerSnapshot.fromBytes(value);
                    live.put(shape, snap.boundary(), snap);
                }
                return;
            }
            long boundary = Long.parseLong(key.substring(at + 1));
            if (value == null) {
                live.remove(shape, boundary);
            } else {
                live.put(shape, boundary, value.length == 0 ? null : PeerSnapshot.fromBytes(value));
            }
        } catch (RuntimeException e) {
            LOG.error("Unreadable peer statistics record {}; skipped: {}", key, e.toString());
        }
    }
}
