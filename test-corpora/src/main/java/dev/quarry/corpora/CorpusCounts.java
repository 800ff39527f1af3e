package dev.quarry.corpora;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link CorpusWriter} wrote.
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
        eventsByArchetype = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(eventsByArchetype));
        clientsByArchetype = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(clientsByArchetype));
    }

    /** Label rows written. */
    public int clients() {
        return clientsByArchetype.values().stream().mapToInt(Integer::intValue).sum();
    }
}
