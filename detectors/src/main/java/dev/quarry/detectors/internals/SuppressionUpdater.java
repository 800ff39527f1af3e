package dev.quarry.detectors.internals;

import dev.quarry.detectors.suppression.LiveSuppressions;
import dev.quarry.detectors.suppression.Suppression;
import dev.quarry.detectors.suppression.Suppressions;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global store of the suppressions topic and {@link LiveSuppressions} in step: a record
 * adds or replaces a suppression, a tombstone removes it. Runs on Kafka Streams' global thread,
 * which reads the topic to its end before any stream thread starts, so the first event is already
 * judged with every suppression. Kafka Streams may restore the store from the topic without this
 * processor, so {@link #init} loads whatever the store holds. An unreadable record is logged and
 * skipped: a bad suppression must not stop detection.
 */
public final class SuppressionUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(SuppressionUpdater.class);
    private final String storeName;
    private final LiveSuppressions live;
    private KeyValueStore<String, byte[]> store;

    public SuppressionUpdater(String storeName, LiveSuppressions live) {
        this.storeName = storeName;
        this.live = live;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        List<Suppression> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                Suppression s = read(kv.key, kv.value);
                if (s != null) {
                    all.add(s);
                }
            }
        }
        live.replaceAll(all);
        if (!all.isEmpty()) {
            LOG.info("{} suppressions in force", all.size());
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String id = record.key();
        if (id == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(id);
            live.remove(id);
            return;
        }
        Suppression s = read(id, record.value());
        if (s == null) {
            return;
        }
        store.put(id, record.value());
        live.put(s);
    }

    private static Suppression read(String id, byte[] value) {
        try {
            Suppression s = Suppressions.fromBytes(value);
            if (!s.id().equals(id)) {
                LOG.error("Suppression record keyed {} holds suppression {}; skipped", id, s.id());
                return null;
            }
            return s;
        } catch (RuntimeException e) {
            LOG.error("Unreadable suppression record {}; skipped: {}", id, e.toString());
            return null;
        }
    }
}
