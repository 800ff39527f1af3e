package dev.quarry.detectors.internals;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.ParseResult;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Parses raw records of the events topic. Valid events are forwarded with their event time as the
 * record timestamp; invalid ones as dead letters, never dropped. The dead letter's source is the
 * {@value #SOURCE_HEADER} header when a replay set one (file and line), else topic/partition@offset.
 */
public final class ParseProcessor extends ContextualFixedKeyProcessor<byte[], byte[], ParseResult> {
    /** Header a producer may set to name where a record came from, e.g. {@code events.jsonl:42}. */
    public static final String SOURCE_HEADER = "quarry.source";
    private final EventParser parser;
    private final PipelineCounters counters;

    public ParseProcessor(EventParser parser, PipelineCounters counters) {
        this.parser = parser;
        this.counters = counters;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        counters.recordRead();
        ParseResult result = parser.parse(record.value() == null ? new byte[0] : record.value(), source(record));
        if (result instanceof ParseResult.Valid valid) {
            context().forward(record.withValue((ParseResult) valid).withTimestamp(valid.event().tsMillis()));
        } else {
            counters.deadLetter(((ParseResult.Invalid) result).deadLetter());
            context().forward(record.withValue(result));
        }
    }

    private String source(FixedKeyRecord<byte[], byte[]> record) {
        Header h = record.headers().lastHeader(SOURCE_HEADER);
        if (h != null && h.value() != null) {
            return new String(h.value(), StandardCharsets.UTF_8);
        }
        return context().recordMetadata()
                .map(m -> m.topic() + "/" + m.partition() + "@" + m.offset())
                .orElse("unknown");
    }
}
