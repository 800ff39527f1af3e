package dev.quarry.ingest;

import java.util.Objects;

/**
 * A record that could not be accepted, with why and where it came from. Dead letters are never
 * dropped: they go to the dead-letter topic or file and are counted.
 *
 * @param reason precise, human-readable reason, e.g. {@code "missing event_id"}
 * @param source where the record came from: {@code "file.jsonl:12"} or {@code "topic/partition@offset"}
 * @param raw the raw record as text, truncated to the configured size
 * @param rawBytes the length of the raw record in bytes before truncation
 * @param observedAtMillis wall-clock time the record was rejected (dead letters are operational
 *     records, not events)
 */
public record DeadLetter(String reason, String source, String raw, long rawBytes, long observedAtMillis) {
    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(raw, "raw");
    }
}
