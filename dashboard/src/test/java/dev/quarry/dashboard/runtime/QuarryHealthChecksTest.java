package dev.quarry.dashboard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.health.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;

/** The topology's readiness and liveness checks before the streams start and without a topology. */
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
    void aProcessWithoutTopologyIsReadyAndAlive() {
        assertTrue(QuarryHealthChecks.topology(null).execute().isHealthy());
        assertTrue(QuarryHealthChecks.streamThreads(null).execute().isHealthy());
    }
}
