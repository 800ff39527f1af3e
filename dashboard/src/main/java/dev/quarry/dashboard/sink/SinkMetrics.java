package dev.quarry.dashboard.sink;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;

/**
 * One sink's counters in the Dropwizard {@link MetricRegistry}, named
 * {@code quarry.sink.<name>.<counter>}: {@code delivered} alert versions, {@code failed} ones (given
 * up on and dead-lettered), {@code retries} (attempts after a failed one), {@code skipped} (below
 * {@code minSeverity}), {@code duplicates} (a version at or below one already delivered by this
 * process), {@code unreadable} records of the alerts topic (dead-lettered). Thread-safe.
 */
public record SinkMetrics(Counter delivered, Counter failed, Counter retries, Counter skipped, Counter duplicates,
        Counter unreadable) {

    /** The counters of sink {@code name}, registered in (or found in) {@code registry}. */
    public static SinkMetrics register(MetricRegistry registry, String name) {
        String prefix = "quarry.sink." + name + ".";
        return new SinkMetrics(registry.counter(prefix + "delivered"), registry.counter(prefix + "failed"),
                registry.counter(prefix + "retries"), registry.counter(prefix + "skipped"),
                registry.counter(prefix + "duplicates"), registry.counter(prefix + "unreadable"));
    }
}
