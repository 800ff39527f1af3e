package dev.quarry.dashboard;

import dev.quarry.dashboard.api.AlertFeed;
import dev.quarry.dashboard.runtime.AlertIngestor;
import dev.quarry.dashboard.runtime.DetectionService;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.config.TopicNames;

/**
 * The parts the application wired in {@code run}, for commands that extend the server (demo) and
 * for tests: where Kafka is, what the topology counted, and the alert store.
 *
 * @param detection null when this process does not run the topology
 */
public record QuarryRuntime(
        String bootstrapServers,
        TopicNames topics,
        PipelineCounters counters,
        DetectionService detection,
        AlertStore store,
        AlertFeed feed,
        AlertIngestor ingestor) {}
