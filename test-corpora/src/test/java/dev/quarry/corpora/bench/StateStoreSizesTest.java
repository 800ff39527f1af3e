package dev.quarry.corpora.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreSizesTest {
    private static final List<String> STORES = List.of("client-profiles", "seen-event-ids");

    @TempDir
    Path dir;

    @Test
    void sumsEachStoresFilesAcrossTasksAndSegments() throws IOException {
        file("app/0_0/rocksdb/client-profiles/000012.sst", 100);
        file("app/0_0/rocksdb/client-profiles/MANIFEST-000005", 20);
        file("app/0_1/rocksdb/client-profiles/000007.sst", 50);
        file("app/0_0/seen-event-ids/seen-event-ids.1764547200000/000009.sst", 30);
        file("app/0_1/seen-event-ids/seen-event-ids.1764633600000/000010.log", 7);

        assertEquals(Map.of("client-profiles", 170L, "seen-event-ids", 37L), StateStoreSizes.of(dir, STORES));
    }

    @Test
    void ignoresFilesOfOtherStoresAndStreamsBookkeeping() throws IOException {
        file("app/0_0/rocksdb/other-store/000001.sst", 999);
        file("app/0_0/.checkpoint", 64);
        file("app/kafka-streams-process-metadata", 80);
        file("app/0_0/rocksdb/client-profiles/000001.sst", 10);

        assertEquals(Map.of("client-profiles", 10L, "seen-event-ids", 0L), StateStoreSizes.of(dir, STORES));
    }

    @Test
    void aMissingDirectoryIsEmpty() {
        assertEquals(Map.of("client-profiles", 0L, "seen-event-ids", 0L),
                StateStoreSizes.of(dir.resolve("absent"), STORES));
    }

    private void file(String path, int bytes) throws IOException {
        Path f = dir.resolve(path);
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[bytes]);
    }
}
