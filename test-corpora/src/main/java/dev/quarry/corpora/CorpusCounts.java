package dev.quarry.corpora;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link CorpusWriter} wrote. Immutable.
 *
 * @param events events written
 * @param eventsByArchetype events per archetype wire name, in label order
 * @param clientsByArchetype label rows per archetype wire name, in label order
 * @param eventsFile the {@code events.jsonl.gz} file
 * @param labelsFile the {@code labels.csv} file
 */
public record CorpusCounts(long events, Map<String, Long> eventsByArchetype, Map<String, Integer> clientsByArchetype,
        Path eventsFile, Path labelsFile) {
    public CorpusCounts {
        eventsByArchetype = Collections.unmodifiableMap(new LinkedHashMap<>(eventsByArchetype));
        clientsByArchetype = Collections.unmodifiableMap(new LinkedHashMap<>(clientsByArchetype));
    }

    /** Label rows written. */
    public int clients() {
        return clientsByArchetype.values().stream().mapToInt(Integer::intValue).sum();
    }
}
