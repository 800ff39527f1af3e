package dev.quarry.dashboard.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * A selection of Kafka Streams' own metrics ({@code KafkaStreams#metrics()}), read at each scrape:
 * throughput, commits, dropped records, thread health, the consumer's largest lag and the producer's
 * errors. Kafka tags them by thread, task and client id; these are summed (totals) or maxed (latencies,
 * lag) over the tags, so each is one series per process whatever the threads and tasks. Thread-safe.
 */
public final class KafkaStreamsMetrics implements MultiCollector {
    private enum Kind { COUNTER, GAUGE }

    private enum Merge { SUM, MAX }

    private record Selected(String group, String name, String promName, String help, Kind kind, Merge merge, double scale) {}

    private static final List<Selected> SELECTED = List.of(
            new Selected("stream-thread-metrics", "process-total", "quarry_streams_processed_records",
                    "Records processed by the stream threads", Kind.COUNTER, Merge.SUM, 1),
            new Selected("stream-thread-metrics", "commit-total", "quarry_streams_commits",
                    "Commits (transactions under exactly-once) of the stream threads", Kind.COUNTER, Merge.SUM, 1),
            new Selected("stream-thread-metrics", "commit-latency-avg", "quarry_streams_commit_latency_seconds",
                    "Mean commit latency, the slowest thread's", Kind.GAUGE, Merge.MAX, 1e-3),
            new Selected("stream-thread-metrics", "process-latency-avg", "quarry_streams_process_latency_seconds",
                    "Mean latency of processing one record, the slowest thread's", Kind.GAUGE, Merge.MAX, 1e-3),
            new Selected("stream-thread-metrics", "blocked-time-ns-total", "quarry_streams_blocked_seconds",
                    "Time the stream threads spent blocked on Kafka", Kind.COUNTER, Merge.SUM, 1e-9),
            new Selected("stream-task-metrics", "dropped-records-total", "quarry_streams_dropped_records",
                    "Records Kafka Streams dropped (deserialisation errors, late records)", Kind.COUNTER, Merge.SUM, 1),
            new Selected("stream-metrics", "alive-stream-threads", "quarry_streams_alive_threads",
                    "Stream threads alive", Kind.GAUGE, Merge.SUM, 1),
            new Selected("stream-metrics", "failed-stream-threads", "quarry_streams_failed_threads",
                    "Stream threads that failed (each is replaced)", Kind.COUNTER, Merge.SUM, 1),
            new Selected("consumer-fetch-manager-metrics", "records-lag-max", "quarry_streams_consumer_lag_max_records",
                    "Largest lag in records of any partition the Streams consumers fetch", Kind.GAUGE, Merge.MAX, 1),
            new Selected("producer-metrics", "record-send-total", "quarry_streams_producer_sent_records",
                    "Records the Streams producers sent", Kind.COUNTER, Merge.SUM, 1),
            new Selected("producer-metrics", "record-error-total", "quarry_streams_producer_errored_records",
                    "Records the Streams producers failed to send", Kind.COUNTER, Merge.SUM, 1));

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;

    /** @param metrics {@code KafkaStreams#metrics()}, empty while the streams do not exist */
    public KafkaStreamsMetrics(Supplier<Map<MetricName, ? extends Metric>> metrics) {
        this.metrics = metrics;
    }

    @Override
    public MetricSnapshots collect() {
        Map<MetricName, ? extends Metric> all = metrics.get();
        double[] values = new double[SELECTED.size()];
        boolean[] seen = new boolean[SELECTED.size()];
        for (Map.Entry<MetricName, ? extends Metric> e : all.entrySet()) {
            for (int i = 0; i < SELECTED.size(); i++) {
                Selected s = SELECTED.get(i);
                if (!s.name().equals(e.getKey().name()) || !s.group().equals(e.getKey().group())) {
                    continue;
                }
                if (!(e.getValue().metricValue() instanceof Number n) || Double.isNaN(n.doubleValue())
                        || Double.isInfinite(n.doubleValue())) {
                    continue; // an average with no samples yet is NaN
                }
                double v = n.doubleValue() * s.scale();
                values[i] = !seen[i] ? v : s.merge() == Merge.SUM ? values[i] + v : Math.max(values[i], v);
                seen[i] = true;
            }
        }
        List<MetricSnapshot> out = new ArrayList<>();
        for (int i = 0; i < SELECTED.size(); i++) {
            if (!seen[i]) {
                continue;
            }
            Selected s = SELECTED.get(i);
            out.add(s.kind() == Kind.COUNTER
                    ? CounterSnapshot.builder().name(s.promName()).help(s.help())
                            .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(values[i]).build()).build()
                    : GaugeSnapshot.builder().name(s.promName()).help(s.help())
                            .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(values[i]).build()).build());
        }
        return new MetricSnapshots(out);
    }
}
