package dev.quarry.detectors.internals;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.ParseResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Decides whether a valid event can be processed on the partition it arrived on, saving the
 * repartition round trip through the broker. It can when its record key is its {@code client_id}
 * (UTF-8) and it sits on the partition Kafka's default partitioner gives that key
 * ({@code murmur2(key) mod partitions}): then the "by-client" repartition would send it to the same
 * partition number, so the same task and the same client state see it either way. Anything else (no
 * key, another key, a custom partitioner) goes through the repartition, and is counted.
 * Confined to one stream thread.
 */
public final class ClientKeyCheck extends ContextualFixedKeyProcessor<byte[], ParseResult, RoutedEvent> {
    private final int partitions;
    private final PipelineCounters counters;

    /** @param partitions partition count of the events topic (at least 1) */
    public ClientKeyCheck(int partitions, PipelineCounters counters) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        this.partitions = partitions;
        this.counters = counters;
    }

    @Override
    public void process(FixedKeyRecord<byte[], ParseResult> record) {
        InferenceEvent event = ((ParseResult.Valid) record.value()).event();
        boolean inPlace = inPlace(record.key(), event);
        if (!inPlace) {
            counters.repartitioned();
        }
        context().forward(record.withValue(new RoutedEvent(event, inPlace)));
    }

    private boolean inPlace(byte[] key, InferenceEvent event) {
        if (key == null) {
            return false;
        }
        if (!Arrays.equals(key, event.clientId().getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        int expected = Utils.toPositive(Utils.murmur2(key)) % partitions;
        return context().recordMetadata().map(m -> m.partition() == expected).orElse(false);
    }
}
