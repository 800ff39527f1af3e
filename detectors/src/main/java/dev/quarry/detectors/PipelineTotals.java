package dev.quarry.detectors;

import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Totals of what the topology did since its application id first ran: events processed, dead
 * letters sent and alert versions published. Unlike {@link PipelineCounters}, which count in this
 * process and restart at zero, the totals live in small key-value stores of the topology itself,
 * one per sub-topology that counts ({@link #STORE_PREFIX} + its side). Each store is changelogged
 * and written in the same exactly-once transaction as the records it counts, so a crash neither
 * loses a count nor counts a record twice: an aborted transaction takes its increments with it,
 * and the records are counted again when they are processed again.
 *
 * <p>Each task's store holds one entry per counter it touches, its own share: the totals are the
 * sum over every task's store ({@link #sum}). The stores are cached, so an increment costs a
 * cache lookup and a put; the changelog gets one record per counter and task at each commit.
 *
 * <p>Read through interactive queries, the figures include the increments of the transaction in
 * flight (at most one commit interval of processing), as every Kafka Streams store query does.
 * Static methods only; thread-safe.
 */
public final class PipelineTotals {
    /** Valid, deduplicated events run through the detectors. */
    public static final String EVENTS_PROCESSED = "events_processed";
    /** Records the topology sent to the dead-letter topic (the HTTP collector's own are not counted here). */
    public static final String DEAD_LETTERS = "dead_letters";
    /** Alert versions the topology published to the alerts topic (one record each). */
    public static final String ALERTS = "alerts";
    /** The counters, in the order they are reported. */
    public static final List<String> COUNTERS = List.of(EVENTS_PROCESSED, DEAD_LETTERS, ALERTS);
    /** Prefix of every totals store name; the changelog topic is {@code <application.id>-<store>-changelog}. */
    public static final String STORE_PREFIX = "pipeline-totals-";

    private PipelineTotals() {}

    /** The name of the totals store of one side of the topology ({@code parse}, {@code client}, ...). */
    public static String storeName(String side) {
        return STORE_PREFIX + side;
    }

    /** Adds {@code n} to {@code counter} in one task's store. Called on its stream thread. */
    public static void add(KeyValueStore<String, Long> store, String counter, long n) {
        Long before = store.get(counter);
        store.put(counter, before == null ? n : before + n);
    }

    /**
     * Adds every entry of {@code store} (one task's, or a composite over several) to {@code sums},
     * by counter.
     */
    public static void sum(ReadOnlyKeyValueStore<String, Long> store, Map<String, Long> sums) {
        try (KeyValueIterator<String, Long> entries = store.all()) {
            while (entries.hasNext()) {
                KeyValue<String, Long> e = entries.next();
                if (e.value != null) {
                    sums.merge(e.key, e.value, Long::sum);
                }
            }
        }
    }

    /** Every counter of {@link #COUNTERS}, in that order, zero where {@code sums} has none. */
    public static Map<String, Long> complete(Map<String, Long> sums) {
        Map<String, Long> all = new LinkedHashMap<>();
        COUNTERS.forEach(c -> all.put(c, sums.getOrDefault(c, 0L)));
        return all;
    }
}
