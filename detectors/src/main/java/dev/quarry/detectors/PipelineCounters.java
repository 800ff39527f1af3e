package dev.quarry.detectors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what the topology did in this process: events accepted, dead letters, records
 * skipped (not inference calls), duplicates
 * skipped, alerts published, alert versions not published (nothing changed enough) and findings
 * held back by analysts' suppressions. Shared by all stream threads;
 * thread-safe. Counted per process (they restart at zero); the durable record of each dead letter
 * is the dead-letter topic itself.
 */
public final class PipelineCounters {
    private final LongAdder records = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder processed = new LongAdder();
    private final LongAdder alerts = new LongAdder();
    private final LongAdder suppressed = new LongAdder();
    private final LongAdder repartitioned = new LongAdder();
    private final LongAdder findingsSuppressed = new LongAdder();
    private final LongAdder skipped = new LongAdder();

    public void recordRead() {
        records.increment();
    }

    public void deadLetter() {
        deadLetters.increment();
    }

    /** A record of an input topic that is not an inference call (an OTLP span of a database query). */
    public void skipped() {
        skipped.increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    public void processed() {
        processed.increment();
    }

    public void alert() {
        alerts.increment();
    }

    public void suppressed() {
        suppressed.increment();
    }

    /** Findings with a signal that an analyst's suppression held back. */
    public void findingsSuppressed(int n) {
        findingsSuppressed.add(n);
    }

    /** A valid event was not keyed and partitioned by its client and went through "by-client". */
    public void repartitioned() {
        repartitioned.increment();
    }

    /** Raw records read from the events topic. */
    public long recordsRead() {
        return records.sum();
    }

    public long deadLetters() {
        return deadLetters.sum();
    }

    /** Records of input topics that are not inference calls: neither events nor dead letters. */
    public long recordsSkipped() {
        return skipped.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    /** Valid, deduplicated events run through the detectors. */
    public long eventsProcessed() {
        return processed.sum();
    }

    public long alertsPublished() {
        return alerts.sum();
    }

    public long alertVersionsSuppressed() {
        return suppressed.sum();
    }

    /**
     * Findings with a signal that analysts' suppressions held back: each detector report (score at
     * or above the noise floor) about a suppressed client that could not lift its alert.
     */
    public long findingsSuppressed() {
        return findingsSuppressed.sum();
    }

    /** Valid events that had to go through the "by-client" repartition. */
    public long eventsRepartitioned() {
        return repartitioned.sum();
    }

    /** A snapshot, for logs and the admin port. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("records_read", recordsRead());
        m.put("dead_letters", deadLetters());
        m.put("duplicates", duplicates());
        m.put("events_processed", eventsProcessed());
        m.put("alerts_published", alertsPublished());
        m.put("alert_versions_suppressed", alertVersionsSuppressed());
        m.put("events_repartitioned", eventsRepartitioned());
        m.put("findings_suppressed", findingsSuppressed());
        m.put("records_skipped", recordsSkipped());
        return m;
    }
}
