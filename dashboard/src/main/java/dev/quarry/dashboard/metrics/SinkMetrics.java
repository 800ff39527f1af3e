package dev.quarry.dashboard.metrics;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alert sinks' metrics from Dropwizard's registry: each {@code quarry.sink.<sink>.<what>}
 * becomes {@code quarry_sink_<what>} with the label {@code sink="<sink>"}; counters, meters and
 * timers as counters of their count ({@code quarry_sink_delivered_total{sink="webhook"}}), numeric
 * gauges as gauges. Whatever is registered at scrape time is exported. Written here rather than with
 * the client's Dropwizard bridge, which would name each sink in the metric name instead of a label.
 * Thread-safe.
 */
public final class SinkMetrics implements MultiCollector {
    /** The Dropwizard names exported: {@value}{@code <sink>.<what>}. */
    public static final String PREFIX = "quarry.sink.";
    private final MetricRegistry registry;

    public SinkMetrics(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public MetricSnapshots collect() {
        // what -> (sink -> value), separately for counters and gauges; sorted for a stable output
        Map<String, Map<String, Double>> counters = new TreeMap<>();
        Map<String, Map<String, Double>> gauges = new TreeMap<>();
        for (Map.Entry<String, Metric> e : registry.getMetrics().entrySet()) {
            String name = e.getKey();
            int dot = name.lastIndexOf('.');
            if (!name.startsWith(PREFIX) || dot <= PREFIX.length() || dot == name.length() - 1) {
                continue;
            }
            String sink = name.substring(PREFIX.length(), dot);
            String what = sanitise(name.substring(dot + 1));
            if (e.getValue() instanceof Counting c) {
                counters.computeIfAbsent(what, w -> new TreeMap<>()).put(sink, (double) c.getCount());
            } else if (e.getValue() instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                gauges.computeIfAbsent(what, w -> new TreeMap<>()).put(sink, n.doubleValue());
            }
        }
        List<MetricSnapshot> out = new ArrayList<>();
        counters.forEach((what, bySink) -> {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name("quarry_sink_" + what)
                    .help("Alert sinks: " + what + ", from Dropwizard's quarry.sink.<sink>." + what);
            bySink.forEach((sink, v) -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("sink", sink)).value(v).build()));
            out.add(b.build());
        });
        gauges.forEach((what, bySink) -> {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("quarry_sink_" + what)
                    .help("Alert sinks: " + what + ", from Dropwizard's quarry.sink.<sink>." + what);
            bySink.forEach((sink, v) -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("sink", sink)).value(v).build()));
            out.add(b.build());
        });
        return new MetricSnapshots(out);
    }

    /** A metric name part Prometheus accepts: lower case, [a-z0-9_], no {@code _total} of its own. */
    static String sanitise(String what) {
        String s = what.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return s.endsWith("_total") ? s.substring(0, s.length() - "_total".length()) : s;
    }
}
