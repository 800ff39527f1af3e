package dev.quarry.detectors.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * The client-profile store with the most recently used profiles kept decoded: a write-behind
 * object cache in front of Kafka Streams' own store (record cache, changelog, RocksDB).
 *
 * <p>Without it every event decodes its client's profile from bytes and encodes it again, and
 * that was about a quarter of the stream thread's time. With it a client that is still resident
 * costs neither; a changed profile is encoded and written to the store underneath once per
 * commit, when Kafka Streams flushes its caches ({@link #flushCache()}, called while preparing a
 * commit, before the producer is flushed and the transaction committed), or when it is evicted
 * (least recently used beyond {@code maxClients}). Under exactly-once the changelog therefore
 * holds every change of a committed transaction, as it does without this layer; after a crash the
 * resident profiles are simply gone and the store is restored from the changelog as usual.
 *
 * <p>Determinism: a resident profile is the object the last event left, a reloaded one is decoded
 * from its encoding. Detectors' states round-trip exactly through their encodings, so both give
 * the same alerts; this is tested with the cache on and off on the same traffic.
 *
 * <p>Reads that are not point lookups ({@link #range}, {@link #all}, ...) see the store as of the
 * last flush. Confined to the stream thread that owns the task, like every state store; not for
 * interactive queries.
 */
public final class ResidentProfileStore extends WrappedStateStore<KeyValueStore<String, ClientProfile>, String, ClientProfile>
        implements KeyValueStore<String, ClientProfile> {
    private final int maxClients;
    private final boolean writeOnCommit;
    private final Resident resident;

    ResidentProfileStore(KeyValueStore<String, ClientProfile> store, int maxClients) {
        this(store, maxClients, true);
    }

    ResidentProfileStore(KeyValueStore<String, ClientProfile> store, int maxClients, boolean writeOnCommit) {
        super(store);
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be >= 1: " + maxClients);
        }
        this.maxClients = maxClients;
        this.writeOnCommit = writeOnCommit;
        this.resident = new Resident();
    }

    /**
     * Wraps {@code store} (which keeps its own caching and logging settings); with
     * {@code maxClients} 0 the store is returned as it is, and every event decodes and encodes.
     */
    public static StoreBuilder<KeyValueStore<String, ClientProfile>> builder(
            StoreBuilder<KeyValueStore<String, ClientProfile>> store, int maxClients) {
        return builder(store, maxClients, true);
    }

    /**
     * As {@link #builder(StoreBuilder, int)}; with {@code writeOnCommit} false a changed profile
     * is written to the store underneath only when it is evicted, never at a commit. Only for a
     * run whose store is never restored nor read as a whole (a one-shot replay in an engine that
     * commits after every record, where writing at each commit would encode a profile per event):
     * the store underneath then lags behind the resident profiles until they are evicted.
     */
    public static StoreBuilder<KeyValueStore<String, ClientProfile>> builder(
            StoreBuilder<KeyValueStore<String, ClientProfile>> store, int maxClients, boolean writeOnCommit) {
        if (maxClients < 0) {
            throw new IllegalArgumentException("maxClients must be >= 0: " + maxClients);
        }
        return maxClients == 0 ? store : new Builder(store, maxClients, writeOnCommit);
    }

    /** A profile with whether it changed since it was last written to the store underneath. */
    private static final class Entry {
        ClientProfile profile;
        boolean dirty;

        Entry(ClientProfile profile, boolean dirty) {
            this.profile = profile;
            this.dirty = dirty;
        }
    }

    /** Access-ordered; the eldest entry beyond the limit is written down (when dirty) and dropped. */
    private final class Resident extends LinkedHashMap<String, Entry> {
        Resident() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            if (size() <= maxClients) {
                return false;
            }
            if (eldest.getValue().dirty) {
                wrapped().put(eldest.getKey(), eldest.getValue().profile);
            }
            return true;
        }
    }

    /** Profiles kept decoded now. */
    int residentClients() {
        return resident.size();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        resident.clear();
        super.init(context, root);
    }

    @Override
    public ClientProfile get(String key) {
        Entry e = resident.get(key);
        if (e != null) {
            return e.profile;
        }
        ClientProfile stored = wrapped().get(key);
        if (stored != null) {
            resident.put(key, new Entry(stored, false));
        }
        return stored;
    }

    @Override
    public void put(String key, ClientProfile value) {
        if (value == null) {
            delete(key);
            return;
        }
        Entry e = resident.get(key);
        if (e == null) {
            resident.put(key, new Entry(value, true));
        } else {
            e.profile = value;
            e.dirty = true;
        }
    }

    @Override
    public ClientProfile putIfAbsent(String key, ClientProfile value) {
        ClientProfile existing = get(key);
        if (existing == null) {
            put(key, value);
        }
        return existing;
    }

    @Override
    public void putAll(List<KeyValue<String, ClientProfile>> entries) {
        for (KeyValue<String, ClientProfile> kv : entries) {
            put(kv.key, kv.value);
        }
    }

    @Override
    public ClientProfile delete(String key) {
        Entry e = resident.remove(key);
        ClientProfile old = wrapped().delete(key);
        return e != null ? e.profile : old;
    }

    /** Writes every changed resident profile to the store underneath, then flushes that store's cache. */
    @Override
    public void flushCache() {
        if (writeOnCommit) {
            writeDirty();
        }
        super.flushCache();
    }

    private void writeDirty() {
        for (Map.Entry<String, Entry> kv : resident.entrySet()) {
            Entry e = kv.getValue();
            if (e.dirty) {
                wrapped().put(kv.getKey(), e.profile);
                e.dirty = false;
            }
        }
    }

    @Override
    public void close() {
        // A clean close flushed the caches first; a dirty one must forget what was not committed.
        resident.clear();
        super.close();
    }

    @Override
    public KeyValueIterator<String, ClientProfile> range(String from, String to) {
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<String, ClientProfile> reverseRange(String from, String to) {
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, ClientProfile> all() {
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<String, ClientProfile> reverseAll() {
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, ClientProfile> prefixScan(P prefix, PS serializer) {
        return wrapped().prefixScan(prefix, serializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    /** Builds the wrapped store and puts the resident layer on top of it. */
    private static final class Builder implements StoreBuilder<KeyValueStore<String, ClientProfile>> {
        private final StoreBuilder<KeyValueStore<String, ClientProfile>> store;
        private final int maxClients;
        private final boolean writeOnCommit;

        Builder(StoreBuilder<KeyValueStore<String, ClientProfile>> store, int maxClients, boolean writeOnCommit) {
            this.store = store;
            this.maxClients = maxClients;
            this.writeOnCommit = writeOnCommit;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, ClientProfile>> withCachingEnabled() {
            store.withCachingEnabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, ClientProfile>> withCachingDisabled() {
            store.withCachingDisabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, ClientProfile>> withLoggingEnabled(Map<String, String> config) {
            store.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, ClientProfile>> withLoggingDisabled() {
            store.withLoggingDisabled();
            return this;
        }

        @Override
        public KeyValueStore<String, ClientProfile> build() {
            return new ResidentProfileStore(store.build(), maxClients, writeOnCommit);
        }

        @Override
        public Map<String, String> logConfig() {
            return store.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return store.loggingEnabled();
        }

        @Override
        public String name() {
            return store.name();
        }
    }
}
