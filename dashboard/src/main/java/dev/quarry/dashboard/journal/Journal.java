package dev.quarry.dashboard.journal;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * An ordered log of keyed records that every alert-service instance reads from the start, so each
 * builds the same state from it: the triage state and the audit log live in journals. A write is
 * {@link #append}ed and comes back to this instance's readers like any other record, so an
 * instance's state changes only by reading the journal, in the journal's order.
 *
 * <p>{@link KafkaJournal} keeps it on a Kafka topic; {@link #inMemory()} is for tests and for
 * services without Kafka.
 */
public interface Journal {
    /**
     * Registers a reader of every record: those already in the journal first, then each new one, in
     * order, on one thread at a time. Register before the journal starts.
     *
     * @param reader key and value of each record; the value is null for a deletion (tombstone)
     */
    void subscribe(BiConsumer<String, byte[]> reader);

    /**
     * Appends a record and returns once this instance's readers have read it.
     *
     * @throws JournalUnavailableException when it cannot be written or read back in time
     */
    void append(String key, byte[] value);

    /** A journal in this process's memory: appends reach the readers before they return. Thread-safe. */
    static Journal inMemory() {
        return new Journal() {
            private final List<Map.Entry<String, byte[]>> records = new ArrayList<>();
            private final List<BiConsumer<String, byte[]>> readers = new CopyOnWriteArrayList<>();

            @Override
            public synchronized void subscribe(BiConsumer<String, byte[]> reader) {
                records.forEach(r -> reader.accept(r.getKey(), r.getValue()));
                readers.add(reader);
            }

            @Override
            public synchronized void append(String key, byte[] value) {
                records.add(new AbstractMap.SimpleImmutableEntry<>(key, value));
                readers.forEach(r -> r.accept(key, value));
            }
        };
    }
}
