package dev.quarry.dashboard.collector;

import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.ParseResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code POST /ingest/contract}: a batch of contract v1 events, one JSON object per line (NDJSON),
 * each parsed and validated by {@link EventParser} exactly as the topology does. Blank lines are
 * ignored; a line's dead letter names it as {@code <source>:<1-based line>}. Thread-safe.
 */
public final class ContractBatches implements BodyDecoder {
    public static final String FORMAT = "contract";

    private final EventParser parser;

    public ContractBatches(EventParser parser) {
        this.parser = parser;
    }

    @Override
    public List<String> formats() {
        return List.of(FORMAT);
    }

    @Override
    public Decoded decode(String format, String contentType, byte[] body, String source) {
        List<ParseResult> results = new ArrayList<>();
        int line = 0;
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                line++;
                int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                if (!isBlank(body, start, end)) {
                    results.add(parser.parse(Arrays.copyOfRange(body, start, end), source + ":" + line));
                }
                start = i + 1;
            }
        }
        return new Decoded(results, 0);
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
