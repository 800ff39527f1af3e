package dev.quarry.detectors.internals;

import dev.quarry.detectors.PipelineTotals;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts each record passing through under one counter of a {@link PipelineTotals} store and
 * forwards it unchanged. Confined to one stream thread.
 */
public final class Tally<K, V> extends ContextualFixedKeyProcessor<K, V, V> {
    private final String storeName;
    private final String counter;
    private KeyValueStore<String, Long> store;

    public Tally(String storeName, String counter) {
        this.storeName = storeName;
        this.counter = counter;
    }

    @Override
    public void init(FixedKeyProcessorContext<K, V> context) {
        super.init(context);
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<K, V> record) {
        PipelineTotals.add(store, counter, 1);
        context().forward(record);
    }
}
