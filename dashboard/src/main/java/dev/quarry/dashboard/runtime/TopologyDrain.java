package dev.quarry.dashboard.runtime;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Waits until a topology has nothing left to read: every partition its stream threads consume
 * (the input topics and the internal repartition topics between its sub-topologies, such as the
 * cluster side's) reads at lag 0, and nothing more was consumed, for a quiet period longer than a
 * commit interval. Records another task wrote in a transaction not yet committed are not visible
 * to a read-committed consumer; the quiet period lets that commit happen (each commit makes them
 * visible, which moves the lag and restarts the wait). Thread-safe; stateless.
 */
public final class TopologyDrain {
    private static final String FETCH_GROUP = "consumer-fetch-manager-metrics";

    private TopologyDrain() {}

    /**
     * @param quiet how long lag 0 with nothing consumed must hold; longer than the commit interval
     * @param timeout when to give up
     * @return true when drained, false when the timeout passed first
     */
    public static boolean await(KafkaStreams streams, Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        double lastConsumed = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            double lag = 0;
            double consumed = 0;
            for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
                MetricName n = e.getKey();
                String client = n.tags().getOrDefault("client-id", "");
                if (!FETCH_GROUP.equals(n.group()) || !isMainConsumer(client)) {
                    continue;
                }
                Object v = e.getValue().metricValue();
                double d = v instanceof Number x ? x.doubleValue() : Double.NaN;
                if ("records-lag".equals(n.name()) && n.tags().containsKey("partition")) {
                    lag += Double.isNaN(d) ? 1 : d;
                } else if ("records-consumed-total".equals(n.name()) && !n.tags().containsKey("topic")) {
                    consumed += Double.isNaN(d) ? 0 : d;
                }
            }
            long now = System.nanoTime();
            if (lag > 0 || consumed != lastConsumed) {
                quietSince = now;
                lastConsumed = consumed;
            } else if (now - quietSince >= quiet.toNanos()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** The stream threads' main consumers, not their restore consumers or the global one. */
    private static boolean isMainConsumer(String clientId) {
        return clientId.contains("-StreamThread-") && clientId.endsWith("-consumer")
                && !clientId.endsWith("-restore-consumer");
    }
}
