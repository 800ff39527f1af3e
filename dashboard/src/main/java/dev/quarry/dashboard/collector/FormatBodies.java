package dev.quarry.dashboard.collector;

import dev.quarry.ingest.ContractFormat;
import dev.quarry.ingest.LiteLlmFormat;
import dev.quarry.ingest.OpenAiPairFormat;
import dev.quarry.ingest.ParseResult;
import dev.quarry.ingest.RecordFormats;
import java.util.ArrayList;
import java.util.List;

/**
 * The collector's bodies in the formats of {@link RecordFormats}, with the options of
 * {@code ingest.formats}: NDJSON batches of {@code contract}, {@code litellm} and {@code openai}
 * records for {@code POST /ingest/{format}} (a line's source is {@code <source>:<line>}), and one
 * OTLP export request, protobuf or JSON, for {@code POST /v1/traces}. Thread-safe.
 */
public final class FormatBodies implements BodyDecoder {
    /** The formats {@code POST /ingest/{format}} takes, one record a line. */
    public static final List<String> BATCH_FORMATS = List.of(ContractFormat.NAME, LiteLlmFormat.NAME, OpenAiPairFormat.NAME);

    private final RecordFormats formats;

    public FormatBodies(RecordFormats formats) {
        this.formats = formats;
    }

    @Override
    public List<String> formats() {
        List<String> all = new ArrayList<>(BATCH_FORMATS);
        all.add(Collector.OTLP_TRACES);
        return all;
    }

    @Override
    public Decoded decode(String format, String contentType, byte[] body, String source) {
        List<ParseResult> results = new ArrayList<>();
        long skipped = 0;
        for (ParseResult r : formats.parseBody(format, body, source)) {
            if (r instanceof ParseResult.Skipped) {
                skipped++;
            } else {
                results.add(r);
            }
        }
        return new Decoded(results, skipped);
    }
}
