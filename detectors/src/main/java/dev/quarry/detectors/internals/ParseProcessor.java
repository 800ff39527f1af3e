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
 * An in-process engine that has parsed a record already (to read its client id) hands the result
 * over in a {@link Parsed} instead of having it parsed again.
 */
public final class ParseProcessor extends ContextualFixedKeyProcessor<byte[], byte[], ParseResult> {
    /** Header a producer may set to name where a record came from, e.g. {@code events.jsonl:42}. */
    public static final String SOURCE_HEADER = "quarry.source";
    private final EventParser parser;
    private final PipelineCounters counters;
    private final Parsed parsed;

    public ParseProcessor(EventParser parser, PipelineCounters counters) {
        this(parser, counters, null);
    }

    /** @param parsed where the engine hands over records it parsed itself, or null */
    public ParseProcessor(EventParser parser, PipelineCounters counters, Parsed parsed) {
        this.parser = parser;
        this.counters = counters;
        this.parsed = parsed;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        counters.recordRead();
        ParseResult result = parsed == null ? null : parsed.take(record.value());
        if (result == null) {
            result = parser.parse(record.value() == null ? new byte[0] : record.value(), source(record));
        }
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

    /**
     * One record's parse result, handed from the engine that pipes the record to the processor
     * that would parse it: the engine {@link #hand}s the result with the record's value array
     * just before it pipes the record on the same thread, and the processor {@link #take}s it
     * when it sees that very array (the same object, not equal bytes). Any other value is parsed
     * as usual. The engine must hand only what {@link EventParser#parse} would return for those
     * bytes. Not thread-safe: one per topology instance, used on the thread that pipes its records.
     */
    public static final class Parsed {
        private byte[] value;
        private ParseResult result;

        /** The result for the record whose value is {@code value}, replacing any not taken. */
        public void hand(byte[] value, ParseResult result) {
            this.value = value;
            this.result = result;
        }

        /** The result handed with {@code value} (this very array), else null; clears it either way. */
        ParseResult take(byte[] value) {
            ParseResult r = value != null && value == this.value ? result : null;
            this.value = null;
            this.result = null;
            return r;
        }
    }
}
