package dev.quarry.detectors.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write-behind layer on a real (in-memory) key-value store: what reaches the store
 * underneath, and when. The topology tests cover it end to end, but their driver commits after
 * every record, so eviction of a changed profile is only exercised here.
 */
class ResidentProfileStoreTest {
    private KeyValueStore<String, ClientProfile> underneath;
    private ResidentProfileStore store;

    @BeforeEach
    void open() {
        open(2);
    }

    private void open(int maxClients) {
        underneath = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("client-profiles"), Serdes.String(),
                new ClientProfileSerde()).withLoggingDisabled().withCachingDisabled().build();
        store = new ResidentProfileStore(underneath, maxClients);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "resident-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        store.init(new MockProcessorContext<>(p).getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static ClientProfile profileWithEvents(int n) {
        ClientProfile p = new ClientProfile();
        for (int i = 0; i < n; i++) {
            p.recordEvent(1_000L * i);
        }
        return p;
    }

    @Test
    void writesAChangedProfileDownOnlyWhenTheCachesAreFlushed() {
        ClientProfile a = profileWithEvents(3);
        store.put("a", a);
        assertNull(underneath.get("a"), "not written on put");
        assertSame(a, store.get("a"), "served decoded while resident");

        store.flushCache();
        assertEquals(3, underneath.get("a").events());

        a.recordEvent(9_000L);
        store.put("a", a);
        assertEquals(3, underneath.get("a").events(), "the next change waits for the next flush");
        store.flushCache();
        assertEquals(4, underneath.get("a").events());
    }

    @Test
    void writesAChangedProfileDownWhenItIsEvicted() {
        store.put("a", profileWithEvents(1));
        store.put("b", profileWithEvents(2));
        store.put("c", profileWithEvents(3)); // beyond two resident: "a", least recently used, goes
        assertEquals(2, store.residentClients());
        assertEquals(1, underneath.get("a").events(), "written on eviction");
        assertNull(underneath.get("b"));

        ClientProfile reloaded = store.get("a");
        assertEquals(1, reloaded.events(), "decoded again from the store");
        assertEquals(2, store.residentClients());
        assertEquals(2, underneath.get("b").events(), "b was least recently used and made room for a");
    }

    @Test
    void aRecentlyReadProfileStaysWhileAnUntouchedOneGoes() {
        ClientProfile a = profileWithEvents(1);
        store.put("a", a);
        store.put("b", profileWithEvents(2));
        store.flushCache();
        store.get("a");
        store.put("c", profileWithEvents(3));
        underneath.delete("b");
        assertSame(a, store.get("a"), "still resident");
        assertNull(store.get("b"), "b was evicted clean, so it is read from the store, where it is gone");
    }

    @Test
    void deleteRemovesTheProfileEverywhere() {
        store.put("a", profileWithEvents(1));
        store.flushCache();
        store.put("a", profileWithEvents(5));
        assertEquals(5, store.delete("a").events());
        store.flushCache();
        assertNull(store.get("a"));
        assertNull(underneath.get("a"));
    }
}
