package dev.quarry.dashboard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.health.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.nio.file.Path;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * The topology's readiness and liveness checks: before the streams start, without a topology, and
 * on real streams that cannot reach their cluster (a loopback port nobody listens on), which stay
 * {@code REBALANCING}: alive, not ready.
 */
class QuarryHealthChecksTest {
    private final DetectionService unstarted = new DetectionService(new StreamsBuilder().build(), new Properties(),
            List.of(), Duration.ofSeconds(1));

    @Test
    void topologyIsNotReadyBeforeItRuns() {
        HealthCheck.Result r = QuarryHealthChecks.topology(unstarted).execute();
        assertFalse(r.isHealthy());
        assertEquals("NOT_RUNNING", r.getMessage());
    }

    @Test
    void streamThreadsCountAsAliveWhileStarting() {
        HealthCheck.Result r = QuarryHealthChecks.streamThreads(unstarted).execute();
        assertTrue(r.isHealthy());
        assertEquals("starting", r.getMessage());
    }

    @Test
    void rebalancingStreamsAreAliveButNotReady(@TempDir Path stateDir) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("quarry-health-in").to("quarry-health-out");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-health-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        DetectionService service = new DetectionService(builder.build(), p, List.of(), Duration.ofSeconds(5));
        service.start();
        try {
            assertEquals(KafkaStreams.State.REBALANCING, service.state());
            HealthCheck.Result ready = QuarryHealthChecks.topology(service).execute();
            assertFalse(ready.isHealthy());
            assertEquals("REBALANCING", ready.getMessage());
            HealthCheck.Result alive = QuarryHealthChecks.streamThreads(service).execute();
            assertTrue(alive.isHealthy(), alive.getMessage());
            assertEquals("REBALANCING, 1 stream thread(s) alive", alive.getMessage());
            assertFalse(service.ready());
            assertTrue(service.totals().isEmpty(), "no totals while not ready");
        } finally {
            service.stop();
        }
        assertFalse(QuarryHealthChecks.streamThreads(service).execute().isHealthy(), "stopped: not alive");
    }

    @Test
    void aProcessWithoutTopologyIsReadyAndAlive() {
        assertTrue(QuarryHealthChecks.topology(null).execute().isHealthy());
        assertTrue(QuarryHealthChecks.streamThreads(null).execute().isHealthy());
    }
}
