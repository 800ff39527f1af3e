package dev.quarry.dashboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.detectors.PipelineTotals;
import io.dropwizard.jackson.Jackson;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class PipelineStatusTest {
    private static final Optional<Map<String, Long>> TOTALS = Optional.of(Map.of(
            PipelineTotals.EVENTS_PROCESSED, 80L, PipelineTotals.DEAD_LETTERS, 2L, PipelineTotals.ALERTS, 3L));
    private final ObjectMapper mapper = Jackson.newObjectMapper();

    @Test
    void isReadyWithItsTotalsWhenRunningAndNothingRestores() {
        PipelineStatus s = PipelineStatus.of(KafkaStreams.State.RUNNING, false, 5, TOTALS);
        assertEquals(new PipelineStatus("RUNNING", true, false, 5L, 80L, 2L, 3L), s);
    }

    @Test
    void isNotReadyAndWithholdsTheTotalsWhileAStoreRestores() {
        PipelineStatus s = PipelineStatus.of(KafkaStreams.State.RUNNING, true, 5, TOTALS);
        assertEquals(new PipelineStatus("RUNNING", false, true, 5L, null, null, null), s);
    }

    @Test
    void isNotReadyInAnyStateButRunning() {
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            if (state != KafkaStreams.State.RUNNING) {
                PipelineStatus s = PipelineStatus.of(state, false, 0, TOTALS);
                assertFalse(s.ready(), state.name());
                assertEquals(state.name(), s.state());
                assertNull(s.eventsProcessed(), state.name());
            }
        }
    }

    @Test
    void countsMissingCountersAsZeroAndAnUncomputedLagAsUnknown() {
        PipelineStatus s = PipelineStatus.of(KafkaStreams.State.RUNNING, false, -1,
                Optional.of(Map.of(PipelineTotals.EVENTS_PROCESSED, 4L)));
        assertEquals(new PipelineStatus("RUNNING", true, false, null, 4L, 0L, 0L), s);
    }

    @Test
    void showsNoTotalsWhenTheStoresCannotBeReadWhole() {
        PipelineStatus s = PipelineStatus.of(KafkaStreams.State.RUNNING, false, 0, Optional.empty());
        assertTrue(s.ready());
        assertNull(s.alerts());
    }

    @Test
    void writesSnakeCaseFieldsWithNullsKept() throws Exception {
        JsonNode running = mapper.readTree(mapper.writeValueAsString(
                PipelineStatus.of(KafkaStreams.State.RUNNING, false, 0, TOTALS)));
        assertEquals(mapper.readTree("""
                {"state": "RUNNING", "ready": true, "restoring": false, "input_lag": 0,
                 "events_processed": 80, "dead_letters": 2, "alerts": 3}"""), running);
        JsonNode none = mapper.readTree(mapper.writeValueAsString(PipelineStatus.noTopology()));
        assertTrue(none.has("state") && none.get("state").isNull());
        assertFalse(none.get("ready").asBoolean());
        assertTrue(none.get("input_lag").isNull() && none.get("events_processed").isNull());
    }
}
