package dev.quarry.detectors.internals;

import dev.quarry.ingest.InferenceEvent;

/**
 * A valid event and whether it may be processed where it arrived (see {@link ClientKeyCheck}).
 *
 * @param inPlace true when the record is already keyed and partitioned by its client id
 */
public record RoutedEvent(InferenceEvent event, boolean inPlace) {}
