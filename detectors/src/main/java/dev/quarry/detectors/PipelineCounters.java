package dev.quarry.detectors;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.ingest.DeadLetter;
import dev.quarry.ingest.DeadLetterReasons;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Counters of what the topology did in this process: events accepted, dead letters, records
 * skipped (not inference calls), duplicates
 * skipped, alerts published, alert versions not published (nothing changed enough) and findings
 * held back by analysts' suppressions. Dead letters are also counted by reason code
 * ({@link DeadLetterReasons}), alerts by severity and by detector: labels with a bounded set of
 * values, never a client. Shared by all stream threads; thread-safe. Counted per process (they restart at zero); the durable record of each dead letter
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
    private final LongAdder clusterOrderLate = new LongAdder();
    private final LongAdder clusterOrderEarly = new LongAdder();
    private final AtomicLong clusterOrderHeld = new AtomicLong();
    private volatile boolean inputEnded;
    /** An AtomicLong, not a LongAdder: its sum must never see a step's "done" before the "sent" that preceded it. */
    private final AtomicLong sideMessages = new AtomicLong();
    private final Map<String, LongAdder> deadLettersByReason = new ConcurrentHashMap<>();
    private final Map<Severity, LongAdder> alertsBySeverity = new EnumMap<>(Severity.class);
    private final Map<String, LongAdder> alertsByDetector = new ConcurrentHashMap<>();
    private final LongConsumer alertLagMillis;

    /** Counters that do not time alerts. */
    public PipelineCounters() {
        this(lag -> { });
    }

    /**
     * @param alertLagMillis told, for each alert version published, the wall-clock milliseconds
     *     from its triggering event's time ({@link Alert#ts()}) to now, at least 0; called on stream
     *     threads, so it must be thread-safe and quick
     */
    public PipelineCounters(LongConsumer alertLagMillis) {
        this.alertLagMillis = alertLagMillis;
        for (Severity s : Severity.values()) {
            alertsBySeverity.put(s, new LongAdder());
        }
    }

    public void recordRead() {
        records.increment();
    }

    /** A record that went to the dead letters, counted under its reason's code. */
    public void deadLetter(DeadLetter deadLetter) {
        deadLetters.increment();
        deadLettersByReason.computeIfAbsent(DeadLetterReasons.code(deadLetter.reason()), r -> new LongAdder()).increment();
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

    /**
     * An alert version on its way to the alerts topic: counted, by severity and by each detector with
     * a finding above 0, and timed from its triggering event's time.
     */
    public void alert(Alert alert) {
        alerts.increment();
        alertsBySeverity.get(alert.severity()).increment();
        for (DetectorFinding f : alert.detectors()) {
            if (f.score() > 0) {
                alertsByDetector.computeIfAbsent(f.name(), n -> new LongAdder()).increment();
            }
        }
        alertLagMillis.accept(Math.max(0, System.currentTimeMillis() - alert.ts()));
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

    /**
     * A message of the client step (or of the link-key step) was sent through a repartition to a
     * step behind it: dataset split, link keys, clusters or watermark health; or the client step
     * has started on an event.
     */
    public void sideMessageSent() {
        sideMessages.incrementAndGet();
    }

    /** A step behind a repartition has processed one message, and sent on what it had to send. */
    public void sideMessageDone() {
        sideMessages.decrementAndGet();
    }

    /**
     * Messages sent to the steps behind the client step's repartitions and not yet processed by
     * them, plus the events the client step is processing at the moment. A step marks a message
     * done after it has sent its own, so once no event is left for the client step, zero means
     * every step has caught up (what an offline replay waits for). Exact only while no task is
     * re-processed (a failure or rebalance under at-least-once).
     */
    public long sideMessagesPending() {
        return sideMessages.get();
    }

    /**
     * The input has ended (an offline replay, once the client step has processed every event): each
     * partition of the client step tells the cluster side, which then releases what it holds.
     */
    public void endInput() {
        inputEnded = true;
    }

    /** Whether {@link #endInput} was called. */
    public boolean inputEnded() {
        return inputEnded;
    }

    /** A message reached the cluster side after one it sorts after was processed: handled out of order. */
    public void clusterMessageLate() {
        clusterOrderLate.increment();
    }

    /**
     * Messages the cluster side handled out of order (see {@link #clusterMessageLate}): cluster
     * alerts are identical between runs only while this stays 0.
     */
    public long clusterOrderLate() {
        return clusterOrderLate.sum();
    }

    /**
     * A message was released before every upstream partition had passed it: a partition idle for
     * {@code hydra.orderIdleTimeout}, or the buffer full ({@code hydra.orderMaxBuffered}).
     */
    public void clusterMessagesEarly(int n) {
        clusterOrderEarly.add(n);
    }

    public long clusterOrderEarly() {
        return clusterOrderEarly.sum();
    }

    /** Messages the cluster side holds for ordering changed by {@code delta}. */
    public void clusterMessagesHeld(long delta) {
        clusterOrderHeld.addAndGet(delta);
    }

    /** Messages the cluster side holds until every upstream partition has passed them, in this process. */
    public long clusterOrderHeld() {
        return clusterOrderHeld.get();
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

    /** Dead letters by reason code ({@link DeadLetterReasons#CODES}), codes seen so far only, sorted. */
    public Map<String, Long> deadLettersByReason() {
        return sums(deadLettersByReason);
    }

    /** Alert versions published by severity; every severity present, zeros included. */
    public Map<Severity, Long> alertsBySeverity() {
        Map<Severity, Long> m = new EnumMap<>(Severity.class);
        alertsBySeverity.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /**
     * Alert versions published by detector: for each detector name, the versions carrying a finding
     * of it above 0; names seen so far only, sorted.
     */
    public Map<String, Long> alertsByDetector() {
        return sums(alertsByDetector);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
        Map<String, Long> m = new TreeMap<>();
        adders.forEach((k, v) -> m.put(k, v.sum()));
        return Collections.unmodifiableMap(m);
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
        m.put("cluster_order_held", clusterOrderHeld());
        m.put("cluster_order_early", clusterOrderEarly());
        m.put("cluster_order_late", clusterOrderLate());
        return m;
    }
}
