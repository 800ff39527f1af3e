package dev.quarry.corpora.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures the on-disk size of named state stores under a Kafka Streams state directory. Streams
 * lays a store out as {@code <state.dir>/<application.id>/<task>/[rocksdb/]<store>/...} (a
 * persistent window store as segment directories below {@code <store>}), so a file belongs to the
 * store whose name is the nearest enclosing directory name among the ones asked for. Stateless
 * and thread-safe; run it after the topology has closed, or it sees files RocksDB is still writing.
 */
public final class StateStoreSizes {
    private StateStoreSizes() {}

    /**
     * Bytes of regular files per store, every asked store present (0 when it has no files).
     *
     * @param stateDir the Streams {@code state.dir}; a missing directory counts as empty
     */
    public static Map<String, Long> of(Path stateDir, Collection<String> stores) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        stores.forEach(s -> sizes.put(s, 0L));
        if (!Files.isDirectory(stateDir)) {
            return sizes;
        }
        try (Stream<Path> walk = Files.walk(stateDir)) {
            walk.filter(Files::isRegularFile).forEach(f -> {
                String store = storeOf(stateDir, f, sizes);
                if (store != null) {
                    sizes.merge(store, size(f), Long::sum);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not walk " + stateDir, e);
        }
        return sizes;
    }

    private static String storeOf(Path root, Path file, Map<String, Long> stores) {
        for (Path dir = file.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
            Path name = dir.getFileName();
            if (name != null && stores.containsKey(name.toString())) {
                return name.toString();
            }
        }
        return null;
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0; // deleted while walking (a compaction's old file): not part of the store now
        }
    }
}
