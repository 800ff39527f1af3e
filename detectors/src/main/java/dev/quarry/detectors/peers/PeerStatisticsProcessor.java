package dev.quarry.detectors.peers;

import dev.quarry.detectors.cluster.ClusterMessage;
import dev.quarry.detectors.cluster.ClusterMessageSerde;
import dev.quarry.detectors.config.PeersConfig;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The peer-statistics side: one partition that receives every client's
 * {@link ClusterMessage.PeerSample}s, keeps the latest per client and clock hour (store
 * {@code peer-samples}), and at each new event-time boundary (the latest sample's hour, minus
 * {@code peers.grace}) publishes one {@link PeerSnapshot} per shape, keyed {@code shape@boundary},
 * or an empty value for a shape with no clients at that boundary ({@link PeerStatistics} for the
 * rules), and tombstones for the boundaries that left the kept hours. Snapshots are stamped with
 * their boundary. Samples older than the boundary minus
 * {@code peers.window} are deleted then. Confined to one stream thread.
 */
public final class PeerStatisticsProcessor implements Processor<String, ClusterMessage, String, byte[]> {
    private static final long HOUR = 3_600_000L;
    /** Where the last published boundary is kept (no sample key is empty). */
    private static final String BOUNDARY_KEY = "";
    private final PeersConfig config;
    private final String storeName;
    private final Serializer<ClusterMessage> serializer = new ClusterMessageSerde().serializer();
    private final Deserializer<ClusterMessage> deserializer = new ClusterMessageSerde().deserializer();
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;

    public PeerStatisticsProcessor(PeersConfig config, String storeName) {
        this.config = config;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, ClusterMessage> record) {
        if (!(record.value() instanceof ClusterMessage.PeerSample sample)) {
            return;
        }
        String key = PeerStatistics.key(sample);
        byte[] old = store.get(key);
        ClusterMessage.PeerSample kept = PeerStatistics.newer(
                old == null ? null : (ClusterMessage.PeerSample) deserializer.deserialize(null, old), sample);
        if (kept == sample) {
            store.put(key, serializer.serialize(null, sample));
        }
        long boundary = Math.floorDiv(sample.ts() - config.grace().toMillis(), HOUR) * HOUR;
        byte[] last = store.get(BOUNDARY_KEY);
        if (last != null && boundary <= java.nio.ByteBuffer.wrap(last).getLong()) {
            return;
        }
        store.put(BOUNDARY_KEY, java.nio.ByteBuffer.allocate(8).putLong(boundary).array());
        publish(boundary);
        if (last != null) {
            forget(java.nio.ByteBuffer.wrap(last).getLong(), boundary);
        }
    }

    /**
     * Deletes from the topic (tombstones, so compaction drops them) the records of the boundaries
     * that left the kept hours ({@link LivePeerStats#KEEP_HOURS}) between the last boundary and
     * this one: at most a day of hours, however far event time jumped.
     */
    private void forget(long last, long boundary) {
        long keep = LivePeerStats.KEEP_HOURS * HOUR;
        long from = Math.max(last - keep + HOUR, boundary - 2 * keep);
        for (long b = from; b <= boundary - keep; b += HOUR) {
            for (ClientShape s : ClientShape.values()) {
                if (s != ClientShape.UNKNOWN) {
                    context.forward(new Record<>(PeerStatistics.recordKey(s.wireName(), b), (byte[]) null, boundary));
                }
            }
        }
    }

    private void publish(long boundary) {
        long window = config.window().toMillis();
        List<ClusterMessage.PeerSample> samples = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.key.equals(BOUNDARY_KEY)) {
                    continue;
                }
                ClusterMessage.PeerSample s = (ClusterMessage.PeerSample) deserializer.deserialize(null, kv.value);
                if (s.ts() < boundary - window) {
                    expired.add(kv.key);
                } else {
                    samples.add(s);
                }
            }
        }
        for (String k : expired) {
            store.delete(k);
        }
        Set<ClientShape> absent = EnumSet.complementOf(EnumSet.of(ClientShape.UNKNOWN));
        for (PeerSnapshot snap : PeerStatistics.snapshot(samples, boundary, window, config.maxClientsPerShape())) {
            absent.remove(ClientShape.fromWireName(snap.shape()));
            context.forward(new Record<>(PeerStatistics.recordKey(snap.shape(), boundary), snap.toBytes(), boundary));
        }
        for (ClientShape s : absent) {
            context.forward(new Record<>(PeerStatistics.recordKey(s.wireName(), boundary), new byte[0], boundary));
        }
    }
}
