package dev.quarry.detectors.internals;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.ingest.ParseResult;
import dev.quarry.ingest.RecordFormat;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Parses raw records of an input topic in a gateway's format (LiteLLM, OTLP, OpenAI pairs): each
 * record gives zero or more results. Valid events are forwarded with their event time as the
 * record timestamp; dead letters are forwarded for the dead-letter topic and counted; records that
 * are not inference calls are counted as skipped and not forwarded. The source of a dead letter is
 * the {@value ParseProcessor#SOURCE_HEADER} header when set, else topic/partition@offset.
 * Confined to one stream thread.
 */
public final class FormatParseProcessor extends ContextualFixedKeyProcessor<byte[], byte[], ParseResult> {
    private final RecordFormat format;
    private final PipelineCounters counters;

    public FormatParseProcessor(RecordFormat format, PipelineCounters counters) {
        this.format = format;
        this.counters = counters;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        counters.recordRead();
        for (ParseResult result : format.parse(record.value() == null ? new byte[0] : record.value(), source(record))) {
            if (result instanceof ParseResult.Valid valid) {
                context().forward(record.withValue((ParseResult) valid).withTimestamp(valid.event().tsMillis()));
            } else if (result instanceof ParseResult.Invalid invalid) {
                counters.deadLetter(invalid.deadLetter());
                context().forward(record.withValue(result));
            } else {
                counters.skipped();
            }
        }
    }

    private String source(FixedKeyRecord<byte[], byte[]> record) {
        Header h = record.headers().lastHeader(ParseProcessor.SOURCE_HEADER);
        if (h != null && h.value() != null) {
            return new String(h.value(), StandardCharsets.UTF_8);
        }
        return context().recordMetadata()
                .map(m -> m.topic() + "/" + m.partition() + "@" + m.offset())
                .orElse("unknown");
    }
}
