package dev.quarry.dashboard;

import dev.quarry.dashboard.api.AlertFeed;
import dev.quarry.dashboard.collector.Collector;
import dev.quarry.dashboard.runtime.AlertIngestor;
import dev.quarry.dashboard.runtime.DetectionService;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.suppression.LiveSuppressions;

/**
 * The parts the application wired in {@code run}, for commands that extend the server (demo) and
 * for tests: where Kafka is, what the topology counted, the suppressions it applies, and the
 * alert store.
 *
 * @param detection null when this process does not run the topology
 * @param suppressions the suppressions the topology last read; null when it does not run here
 * @param collector the HTTP collector; null when {@code collector.enabled} is false
 */
public record QuarryRuntime(
        String bootstrapServers,
        TopicNames topics,
        PipelineCounters counters,
        DetectionService detection,
        LiveSuppressions suppressions,
        AlertStore store,
        AlertFeed feed,
        AlertIngestor ingestor,
        Collector collector) {}
