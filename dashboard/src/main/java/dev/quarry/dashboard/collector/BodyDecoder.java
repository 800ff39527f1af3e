package dev.quarry.dashboard.collector;

import dev.quarry.ingest.ParseResult;
import java.util.List;

/**
 * Turns one request body of a log format into events and dead letters. Implementations are
 * thread-safe: the collector calls one from many request threads.
 */
public interface BodyDecoder {

    /**
     * The formats {@link #decode} takes, by the names of {@code POST /ingest/{format}};
     * {@value Collector#OTLP_TRACES} among them opens {@code POST /v1/traces}.
     */
    List<String> formats();

    /**
     * Decodes one body.
     *
     * @param format one of {@link #formats()}
     * @param contentType the request's media type without parameters, lower case, or "" when absent
     * @param body the body, decompressed
     * @param source where the body came from, for the dead letters' {@code source}; a record's
     *     position is appended to it
     * @throws UnreadableBodyException when the body as a whole cannot be read (not one record of
     *     it), for a 400
     */
    Decoded decode(String format, String contentType, byte[] body, String source) throws UnreadableBodyException;

    /**
     * What a body held.
     *
     * @param results one per record: a valid event, or a dead letter with its reason and source
     * @param skipped records that are not inference calls (such as OTLP spans of other operations):
     *     counted, neither published nor dead-lettered
     */
    record Decoded(List<ParseResult> results, long skipped) {
        public Decoded {
            results = List.copyOf(results);
        }
    }

    /** A body that cannot be read at all, with a reason fit to send back to the sender. */
    final class UnreadableBodyException extends Exception {
        public UnreadableBodyException(String reason) {
            super(reason);
        }
    }
}
