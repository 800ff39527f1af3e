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
 * replaces a shape's snapshot, a tombstone removes it. Runs on Kafka Streams' global thread. An
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

    private void apply(String key, byte[] value) {
        try {
            ClientShape shape = ClientShape.fromWireName(key);
            live.put(shape, value == null ? null : PeerSnapshot.fromBytes(value));
        } catch (RuntimeException e) {
            LOG.error("Unreadable peer statistics record {}; skipped: {}", key, e.toString());
        }
    }
}
