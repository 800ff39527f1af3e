package dev.quarry.corpora.bench;

import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.ParseResult;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The benchmark's baseline: reads the events topic, parses and validates each record with the
 * same {@link EventParser} as {@link dev.quarry.detectors.QuarryTopology}, and forwards the valid
 * records unchanged, stamped with event time, to an output topic. No re-keying, no state: what
 * any Kafka Streams consumer of the contract would pay. Counts every record it has read;
 * the counter is thread-safe, the topology immutable.
 */
public final class PassThroughTopology {
    private final String input;
    private final String output;
    private final EventParser parser;
    private final LongAdder processed = new LongAdder();

    public PassThroughTopology(String input, String output, EventParser parser) {
        this.input = input;
        this.output = output;
        this.parser = parser;
    }

    /** Records read and parsed so far, valid or not. */
    public long processed() {
        return processed.sum();
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("events"))
                .processValues(ParseAndForward::new, Named.as("parse"))
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("valid-events"));
        return builder.build();
    }

    private final class ParseAndForward extends ContextualFixedKeyProcessor<byte[], byte[], byte[]> {
        @Override
        public void process(FixedKeyRecord<byte[], byte[]> record) {
            byte[] raw = record.value() == null ? new byte[0] : record.value();
            ParseResult result = parser.parse(raw, null);
            if (result instanceof ParseResult.Valid valid) {
                context().forward(record.withTimestamp(valid.event().tsMillis()));
            }
            processed.increment();
        }
    }
}
