package dev.quarry.detectors.cluster;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.codec.StateInput;
import dev.quarry.detectors.codec.StateOutput;
import dev.quarry.detectors.config.HydraConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Puts the cluster side's input in one total order, whatever the interleaving of the client
 * step's partitions on their way to the cluster side's one partition. Each
 * {@link OrderedMessage} carries its source partition and that partition's stream time; messages
 * wait in a store, sorted by (stream time, client id, arrival), and are passed on in that order
 * once every source's watermark (the latest stream time it sent, by message or heartbeat from
 * {@link ClusterFeed}) is past them. The same messages then always reach {@link ClusterProcessor}
 * in the same order, so its union-find, link keys and alerts are the same in every run.
 *
 * <p>This is the per-partition watermark of the Dataflow model (Akidau et al. 2015, <i>The
 * Dataflow Model</i>, VLDB): the output is exact for a source that is not idle. Ties in stream
 * time are broken by client id, then by arrival (one client's messages all come from one partition,
 * in the order it sent them), not by partition, so the order does not depend on how clients are
 * spread over partitions when each partition's events arrive in event-time order.
 *
 * <p>Sources: {@code 0 .. sources - 1} when the client step's partition count is known, else those
 * heard from so far. A source whose watermark has not moved for {@code hydra.orderIdleTimeout} of
 * wall-clock time is idle and not waited for until it moves; a source that has ended (an offline
 * replay's end of input) is never waited for. Bounded: beyond {@code hydra.orderMaxBuffered}
 * held messages the oldest are released; both are counted ({@link PipelineCounters#clusterOrderEarly}).
 * A message that sorts before one already passed on (its source was idle, or the buffer full)
 * is passed on at once, counted ({@link PipelineCounters#clusterOrderLate}).
 *
 * <p>Exactly-once safe: the held messages, watermarks and the last key passed on live in a
 * changelogged store; the heap holds only a cache of the watermarks (rebuilt at {@link #init})
 * and wall-clock times, which only decide idleness. Confined to one stream thread.
 *
 * <p>The held messages are also mirrored on the heap in the store's key order, rebuilt at
 * {@link #init}: deciding what to release is then a look at the first held key, not a range scan
 * of the store on every message (a scan of a cached store also walks the deletions not yet
 * flushed, and cost a tenth of the stream thread). The store stays the record that survives a
 * crash; the mirror holds at most {@code hydra.orderMaxBuffered} messages and one more.
 */
public final class ClusterMessageOrder implements Processor<String, OrderedMessage, String, ClusterMessage> {
    private static final String HELD = "m";
    private static final String HELD_END = "n";
    private static final String SOURCE = "w";
    private static final String STATE = "s";
    private static final char SEP = '\u0000';
    /** Held messages read per pass: a store iterator is not kept open while messages are handled. */
    private static final int BATCH = 512;

    private final String storeName;
    private final int sources;
    private final long idleTimeoutMs;
    private final Duration heartbeat;
    private final int maxHeld;
    private final PipelineCounters counters;
    private ProcessorContext<String, ClusterMessage> context;
    private KeyValueStore<String, byte[]> store;
    private final Map<Integer, Long> watermarks = new HashMap<>();
    /** Wall-clock time each source's watermark last moved: in memory, only for idleness. */
    private final Map<Integer, Long> movedAt = new HashMap<>();
    /** The held messages of the store, in its key order: what {@link #release} reads. */
    private final TreeMap<String, byte[]> heldMessages = new TreeMap<>(ClusterMessageOrder::compareUtf8);
    private long seq;
    private String passed = "";
    private int held;
    /** The least watermark of all sources, idle ones included, at the last {@link #watermark}. */
    private long strict;

    /**
     * @param storeName the key-value store of held messages and watermarks
     * @param sources the client step's partition count, 0 when unknown
     */
    public ClusterMessageOrder(HydraConfig config, int sources, PipelineCounters counters, String storeName) {
        if (sources < 0) {
            throw new IllegalArgumentException("sources must be >= 0: " + sources);
        }
        this.storeName = storeName;
        this.sources = sources;
        this.idleTimeoutMs = config.orderIdleTimeout().toMillis();
        this.heartbeat = config.orderHeartbeat();
        this.maxHeld = config.orderMaxBuffered();
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, ClusterMessage> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        long now = context.currentSystemTimeMs();
        for (int s = 0; s < sources; s++) {
            movedAt.put(s, now);
        }
        try (KeyValueIterator<String, byte[]> it = store.range(SOURCE, SOURCE + Character.MAX_VALUE)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                int s = Integer.parseInt(kv.key.substring(SOURCE.length()), 16);
                watermarks.put(s, readLong(kv.value));
                movedAt.put(s, now);
            }
        }
        byte[] state = store.get(STATE);
        if (state != null) {
            StateInput in = new StateInput(state);
            try {
                seq = in.readLong();
                passed = in.readUTF();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        heldMessages.clear();
        try (KeyValueIterator<String, byte[]> it = store.range(HELD, HELD_END)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                heldMessages.put(kv.key, kv.value);
                held++;
            }
        }
        // Held messages count as pending until passed on (what an offline replay waits for).
        for (int i = 0; i < held; i++) {
            counters.sideMessageSent();
        }
        counters.clusterMessagesHeld(held);
        context.schedule(heartbeat, PunctuationType.WALL_CLOCK_TIME, this::releaseIdle);
    }

    @Override
    public void process(Record<String, OrderedMessage> record) {
        OrderedMessage m = record.value();
        long now = context.currentSystemTimeMs();
        Long before = watermarks.get(m.source());
        boolean ended = before != null && before == Long.MAX_VALUE;
        if (before == null || m.streamTime() > before) {
            watermarks.put(m.source(), m.streamTime());
            movedAt.put(m.source(), now);
            store.put(SOURCE + Integer.toHexString(m.source()), longBytes(m.streamTime()));
        }
        if (m.kind() == OrderedMessage.Kind.MESSAGE) {
            String key = key(m.streamTime(), clientOf(m.message()), seq++);
            if (ended || key.compareTo(passed) < 0) {
                counters.clusterMessageLate();
                pass(m.message());
            } else {
                byte[] encoded = ClusterMessageSerde.encode(m.message());
                store.put(key, encoded);
                heldMessages.put(key, encoded);
                held++;
                counters.sideMessageSent();
                counters.clusterMessagesHeld(1);
            }
            saveState();
        }
        release(watermark(now));
        if (held > maxHeld) {
            releaseOldest(held - maxHeld);
        }
    }

    /** What this task holds stays in its store (another instance may take it over): no longer counted here. */
    @Override
    public void close() {
        counters.clusterMessagesHeld(-held);
        for (int i = 0; i < held; i++) {
            counters.sideMessageDone();
        }
        held = 0;
        heldMessages.clear();
    }

    /** Passes on, in order, every held message all sources not idle have passed. */
    private void releaseIdle(long now) {
        if (held > 0) {
            release(watermark(now));
        }
    }

    /**
     * The stream time every source that is not idle has passed: a held message sorting below it
     * can be passed on. Long.MIN_VALUE while a known source that is not idle has sent nothing.
     */
    private long watermark(long now) {
        long min = Long.MAX_VALUE;
        strict = Long.MAX_VALUE;
        if (sources == 0 && watermarks.isEmpty()) {
            strict = Long.MIN_VALUE;
            return Long.MIN_VALUE;
        }
        for (int s : sources > 0 ? range(sources) : watermarks.keySet()) {
            long w = watermarks.getOrDefault(s, Long.MIN_VALUE);
            strict = Math.min(strict, w);
            if (w == Long.MAX_VALUE || now - movedAt.getOrDefault(s, now) < idleTimeoutMs) {
                min = Math.min(min, w);
            }
        }
        return min;
    }

    private static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }

    /**
     * Passes on held messages with a stream time below {@code watermark} (ties with a source's
     * own watermark wait: it may still send messages of that stream time for a smaller client id).
     */
    private void release(long watermark) {
        if (held == 0 || watermark == Long.MIN_VALUE) {
            return;
        }
        String bound = bound(watermark);
        String strictBound = bound(strict);
        while (true) {
            if (heldMessages.isEmpty()
                    || watermark != Long.MAX_VALUE && heldMessages.firstKey().compareTo(bound) >= 0) {
                return; // the common case: nothing is due, and nothing is read
            }
            List<KeyValue<String, byte[]>> batch = new ArrayList<>(Math.min(BATCH, heldMessages.size()));
            for (Map.Entry<String, byte[]> e : heldMessages.entrySet()) {
                if (batch.size() == BATCH || watermark != Long.MAX_VALUE && e.getKey().compareTo(bound) >= 0) {
                    break;
                }
                batch.add(KeyValue.pair(e.getKey(), e.getValue()));
            }
            if (batch.isEmpty()) {
                return;
            }
            for (KeyValue<String, byte[]> kv : batch) {
                passHeld(kv, (strict != Long.MAX_VALUE && kv.key.compareTo(strictBound) >= 0));
            }
            if (batch.size() < BATCH) {
                return;
            }
        }
    }

    /** Held keys below this have a stream time below {@code watermark}. */
    private static String bound(long watermark) {
        return HELD + hex(watermark ^ Long.MIN_VALUE);
    }

    /** The buffer is full: passes on its {@code n} oldest messages, counted as early. */
    private void releaseOldest(int n) {
        List<KeyValue<String, byte[]>> batch = new ArrayList<>(n);
        for (Map.Entry<String, byte[]> e : heldMessages.entrySet()) {
            if (batch.size() == n) {
                break;
            }
            batch.add(KeyValue.pair(e.getKey(), e.getValue()));
        }
        for (KeyValue<String, byte[]> kv : batch) {
            passHeld(kv, true);
        }
    }

    private void passHeld(KeyValue<String, byte[]> kv, boolean early) {
        store.delete(kv.key);
        heldMessages.remove(kv.key);
        held--;
        counters.clusterMessagesHeld(-1);
        if (early) {
            counters.clusterMessagesEarly(1);
        }
        passed = kv.key;
        saveState();
        try {
            pass(ClusterMessageSerde.decode(kv.value));
        } finally {
            counters.sideMessageDone();
        }
    }

    private void pass(ClusterMessage m) {
        context.forward(new Record<>(ClusterMessageOrder.class.getSimpleName(), m, m.ts()));
    }

    private void saveState() {
        try {
            StateOutput out = new StateOutput(32 + passed.length());
            out.writeLong(seq);
            out.writeUTF(passed);
            store.put(STATE, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A held message's key: its stream time (sign flipped, so that the hex digits sort as the
     * numbers), its client id, and the arrival sequence (which only orders one client's messages,
     * sent in that order by one partition).
     */
    static String key(long streamTime, String client, long seq) {
        return HELD + hex(streamTime ^ Long.MIN_VALUE) + SEP + client + SEP + hex(seq);
    }

    private static String hex(long v) {
        String h = Long.toHexString(v);
        return "0".repeat(16 - h.length()) + h;
    }

    /** The client a message is about: its order among messages of one stream time. */
    static String clientOf(ClusterMessage m) {
        if (m instanceof ClusterMessage.LinkClaim c) {
            return c.clientId();
        } else if (m instanceof ClusterMessage.AttributeClaim a) {
            return a.clientId();
        } else if (m instanceof ClusterMessage.ClientSummary s) {
            return s.clientId();
        } else if (m instanceof ClusterMessage.ItemClaim i) {
            return i.clientId();
        } else if (m instanceof ClusterMessage.Edge e) {
            return e.a();
        }
        throw new IllegalArgumentException("unknown cluster message " + m);
    }

    /**
     * The order of the store's keys: their UTF-8 bytes, unsigned, which is the order of their code
     * points ({@link String#compareTo} orders UTF-16 units, which differs above U+FFFF).
     */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    private static long readLong(byte[] b) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }
}
