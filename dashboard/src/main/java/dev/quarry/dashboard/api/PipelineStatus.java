package dev.quarry.dashboard.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.PipelineTotals;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What {@code GET /api/status} answers: the detection topology's state in this process, whether it
 * is ready, how far behind its inputs it is, and the {@link PipelineTotals} of the tasks it runs.
 * Immutable.
 *
 * @param state the Kafka Streams state name ({@code CREATED}, {@code REBALANCING}, {@code RUNNING},
 *     ...); null when this process runs no topology
 * @param ready {@code RUNNING} and no state store restoring
 * @param restoring a state store of this process is being restored from its changelog
 * @param inputLag records of the input topics not yet processed (as {@code quarry_input_lag_records});
 *     null until first computed, or without a topology
 * @param eventsProcessed valid, deduplicated events run through the detectors, since the
 *     application id first ran; null when not ready (the totals cannot be read whole then)
 * @param deadLetters records the topology sent to the dead-letter topic, likewise
 * @param alerts alert versions the topology published to the alerts topic, likewise
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PipelineStatus(
        @JsonProperty("state") String state,
        @JsonProperty("ready") boolean ready,
        @JsonProperty("restoring") boolean restoring,
        @JsonProperty("input_lag") Long inputLag,
        @JsonProperty("events_processed") Long eventsProcessed,
        @JsonProperty("dead_letters") Long deadLetters,
        @JsonProperty("alerts") Long alerts) {

    /**
     * The status of a process running the topology.
     *
     * @param inputLag the last input lag computed, or a negative number when none was yet
     * @param totals the totals read from the stores, or empty when they could not be read; shown
     *     only when ready, since a restoring or rebalancing instance would read a part of them
     */
    public static PipelineStatus of(KafkaStreams.State state, boolean restoring, long inputLag,
            Optional<Map<String, Long>> totals) {
        boolean ready = state == KafkaStreams.State.RUNNING && !restoring;
        Map<String, Long> t = ready ? totals.orElse(null) : null;
        return new PipelineStatus(state.name(), ready, restoring, inputLag < 0 ? null : inputLag,
                t == null ? null : t.getOrDefault(PipelineTotals.EVENTS_PROCESSED, 0L),
                t == null ? null : t.getOrDefault(PipelineTotals.DEAD_LETTERS, 0L),
                t == null ? null : t.getOrDefault(PipelineTotals.ALERTS, 0L));
    }

    /** The status of a process that runs no topology ({@code kafka.runTopology: false}). */
    public static PipelineStatus noTopology() {
        return new PipelineStatus(null, false, false, null, null, null, null);
    }
}
