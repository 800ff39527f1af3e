package dev.quarry.corpora.archetype;

import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One archetype's generator together with its traffic, for tests that need the profiles too. */
record TrafficGeneratorHolder(TrafficGenerator generator, Map<String, List<InferenceEvent>> traffic) {
    TrafficGeneratorHolder(ArchetypeKind kind, int clients, int hours) {
        this(Traffic.generator(kind, clients, Duration.ofHours(hours)));
    }

    private TrafficGeneratorHolder(TrafficGenerator generator) {
        this(generator, Traffic.byClient(generator));
    }

    List<ClientProfile> profiles() {
        return generator.clients();
    }
}
