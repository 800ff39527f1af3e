package dev.quarry.dashboard.runtime;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detection topology in this process for as long as the application runs. A stream
 * thread that dies is replaced (the failed task's transaction is aborted, so nothing is counted
 * twice under exactly-once). Thread-safe.
 */
public final class DetectionService implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionService.class);
    private final Topology topology;
    private final Properties properties;
    private volatile KafkaStreams streams;

    public DetectionService(Topology topology, Properties properties) {
        this.topology = topology;
        this.properties = properties;
    }

    @Override
    public void start() {
        KafkaStreams s = new KafkaStreams(topology, properties);
        s.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        s.start();
        streams = s;
        LOG.info("Detection topology started:\n{}", topology.describe());
    }

    @Override
    public void stop() {
        KafkaStreams s = streams;
        if (s != null) {
            s.close(Duration.ofSeconds(30));
        }
    }

    /** The running Kafka Streams instance (for interactive queries), or null before start. */
    public KafkaStreams streams() {
        return streams;
    }

    /** The Kafka Streams state, or {@code NOT_RUNNING} before start. */
    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? KafkaStreams.State.NOT_RUNNING : s.state();
    }

    /** Kafka Streams' own metrics ({@link KafkaStreams#metrics()}); empty before start. */
    public Map<MetricName, ? extends Metric> metrics() {
        KafkaStreams s = streams;
        return s == null ? Map.of() : s.metrics();
    }

    /** Blocks until the topology is running (partitions assigned), or the timeout passes. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (state() == KafkaStreams.State.RUNNING) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
