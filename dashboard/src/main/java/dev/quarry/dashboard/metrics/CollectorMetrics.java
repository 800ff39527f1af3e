package dev.quarry.dashboard.metrics;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTTP collector's metrics from Dropwizard's registry: each counter {@code
 * quarry.collector.<what>} becomes the counter {@code quarry_collector_<what>_total}
 * ({@code quarry_collector_requests_total}, {@code accepted}, {@code dead_letters}, {@code skipped},
 * {@code throttled}, {@code refused}), each numeric gauge the gauge {@code quarry_collector_<what>}
 * ({@code pending_records}). Nothing when the collector is off. Thread-safe.
 */
public final class CollectorMetrics implements MultiCollector {
    /** The Dropwizard names exported: {@value}{@code <what>}. */
    public static final String PREFIX = "quarry.collector.";
    private final MetricRegistry registry;

    public CollectorMetrics(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        Map<String, Metric> metrics = new TreeMap<>(registry.getMetrics());
        for (Map.Entry<String, Metric> e : metrics.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(PREFIX) || name.length() == PREFIX.length() || name.indexOf('.', PREFIX.length()) >= 0) {
                continue;
            }
            String what = "quarry_collector_" + SinkMetrics.sanitise(name.substring(PREFIX.length()));
            String help = "HTTP collector: Dropwizard's " + name;
            if (e.getValue() instanceof Counting c) {
                out.add(CounterSnapshot.builder().name(what).help(help)
                        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(c.getCount()).build()).build());
            } else if (e.getValue() instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                out.add(GaugeSnapshot.builder().name(what).help(help)
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(n.doubleValue()).build()).build());
            }
        }
        return new MetricSnapshots(out);
    }
}
