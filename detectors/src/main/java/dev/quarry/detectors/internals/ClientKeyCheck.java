package dev.quarry.detectors.internals;

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
 * key, another key, a custom partitioner, an unknown partition count) goes through the repartition.
 * Confined to one stream thread.
 */
public final class ClientKeyCheck extends ContextualFixedKeyProcessor<byte[], ParseResult, RoutedEvent> {
    private final int partitions;

    /** @param partitions partition count of the events topic, or 0 when unknown (always repartition) */
    public ClientKeyCheck(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public void process(FixedKeyRecord<byte[], ParseResult> record) {
        InferenceEvent event = ((ParseResult.Valid) record.value()).event();
        context().forward(record.withValue(new RoutedEvent(event, inPlace(record.key(), event))));
    }

    private boolean inPlace(byte[] key, InferenceEvent event) {
        if (partitions <= 0 || key == null) {
            return false;
        }
        if (!Arrays.equals(key, event.clientId().getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        int expected = Utils.toPositive(Utils.murmur2(key)) % partitions;
        return context().recordMetadata().map(m -> m.partition() == expected).orElse(false);
    }
}
