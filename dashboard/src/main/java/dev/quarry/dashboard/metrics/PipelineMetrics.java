package dev.quarry.dashboard.metrics;

import dev.quarry.dashboard.runtime.AlertIngestor;
import dev.quarry.detectors.PipelineCounters;
import dev.quarry.ingest.DeadLetterReasons;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Quarry's own Prometheus metrics, read from {@link PipelineCounters} and the alert service at
 * each scrape: events, dead letters by reason code, alerts by severity and by detector, and the
 * end-to-end lag of alerts. Labels take bounded sets of values (reason codes, severities,
 * detector names), never a client id. The counters restart at zero with the process, as
 * Prometheus counters may.
 */
public final class PipelineMetrics {
    /** End-to-end lag buckets, in seconds: from a second to a day. */
    private static final double[] LAG_BUCKETS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600,
            4 * 3600, 24 * 3600};

    private PipelineMetrics() {}

    /**
     * The histogram {@code quarry_alert_lag_seconds}, registered; give
     * {@code ms -> histogram.observe(ms / 1000.0)} to the {@link PipelineCounters} the topology counts with.
     */
    public static Histogram alertLag(PrometheusRegistry registry) {
        return Histogram.builder()
                .name("quarry_alert_lag_seconds")
                .help("Time from the triggering event's time (ts) to the alert version's publication by the topology")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(LAG_BUCKETS)
                .register(registry);
    }

    /** Registers the topology's counters; {@code ingestor} may be null when no alert service runs here. */
    public static void register(PrometheusRegistry registry, PipelineCounters counters, AlertIngestor ingestor) {
        counter(registry, "quarry_records_read", "Raw records read from the events topic", counters::recordsRead);
        counter(registry, "quarry_events", "Valid, deduplicated events run through the detectors", counters::eventsProcessed);
        counter(registry, "quarry_duplicate_events", "Valid events skipped as already seen (same event_id)",
                counters::duplicates);
        counter(registry, "quarry_events_repartitioned", "Valid events that went through the by-client repartition",
                counters::eventsRepartitioned);
        counter(registry, "quarry_alert_versions_suppressed",
                "Alert versions not published because nothing changed enough", counters::alertVersionsSuppressed);
        counter(registry, "quarry_findings_suppressed", "Findings that analysts' suppressions held back",
                counters::findingsSuppressed);
        counter(registry, "quarry_cluster_messages_early",
                "Messages the cluster side passed on before every upstream partition had passed them (idle partition, full buffer)",
                counters::clusterOrderEarly);
        counter(registry, "quarry_cluster_messages_late",
                "Messages the cluster side handled out of order: they came after a message they sort before",
                counters::clusterOrderLate);
        GaugeWithCallback.builder()
                .name("quarry_cluster_messages_held")
                .help("Messages the cluster side holds until every upstream partition has passed them")
                .callback(cb -> cb.call(counters.clusterOrderHeld()))
                .register(registry);
        CounterWithCallback.builder()
                .name("quarry_dead_letters")
                .help("Records sent to the dead letters, by reason code")
                .labelNames("reason")
                .callback(cb -> {
                    Map<String, Long> byReason = counters.deadLettersByReason();
                    for (String code : DeadLetterReasons.CODES) {
                        cb.call(byReason.getOrDefault(code, 0L), code);
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("quarry_alerts")
                .help("Alert versions published, by severity")
                .labelNames("severity")
                .callback(cb -> counters.alertsBySeverity().forEach((s, n) -> cb.call(n, s.wireName())))
                .register(registry);
        CounterWithCallback.builder()
                .name("quarry_alerts_by_detector")
                .help("Alert versions published carrying a finding of the detector above 0")
                .labelNames("detector")
                .callback(cb -> counters.alertsByDetector().forEach((d, n) -> cb.call(n, d)))
                .register(registry);
        if (ingestor != null) {
            counter(registry, "quarry_alerts_ingested", "Alert versions the alert service stored", ingestor::ingested);
            counter(registry, "quarry_alerts_unreadable", "Records of the alerts topic the alert service could not read",
                    ingestor::unreadable);
        }
    }

    private static void counter(PrometheusRegistry registry, String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong())).register(registry);
    }
}
