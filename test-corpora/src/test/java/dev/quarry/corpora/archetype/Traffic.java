package dev.quarry.corpora.archetype;

import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generated traffic of one archetype, grouped by client, for the archetype tests. */
final class Traffic {
    static final long SEED = 7L;

    private Traffic() {}

    static TrafficGenerator generator(ArchetypeKind kind, int clients, Duration duration) {
        return new TrafficGenerator(CorpusSpec.empty(SEED, CorpusSpec.DEFAULT_START, duration).withCount(kind, clients));
    }

    /** Every client's events in order, clients in index order. */
    static Map<String, List<InferenceEvent>> byClient(TrafficGenerator generator) {
        Map<String, List<InferenceEvent>> map = new LinkedHashMap<>();
        for (ClientProfile p : generator.clients()) {
            map.put(p.clientId(), new ArrayList<>());
        }
        for (Iterator<InferenceEvent> it = generator.events(); it.hasNext(); ) {
            InferenceEvent e = it.next();
            map.get(e.clientId()).add(e);
        }
        return map;
    }

    static Map<String, List<InferenceEvent>> byClient(ArchetypeKind kind, int clients, Duration duration) {
        return byClient(generator(kind, clients, duration));
    }
}
