package dev.quarry.dashboard.spi;

import dev.quarry.ingest.InferenceEvent;
import java.time.Instant;
import java.util.Iterator;

/**
 * Endless or bounded generated traffic for the demo: benign users plus at least a logit-bias
 * extractor and a templated distiller.
 */
public interface DemoTraffic {

    /**
     * Events in non-decreasing event-time order, starting at {@code start}. The demo publishes them
     * faster than real time; event time is what detectors use.
     *
     * @param seed makes the traffic reproducible
     */
    Iterator<InferenceEvent> events(long seed, Instant start);

    /** Which clients are attackers (for the demo's console summary): client id to archetype. */
    java.util.Map<String, String> attackers();
}
