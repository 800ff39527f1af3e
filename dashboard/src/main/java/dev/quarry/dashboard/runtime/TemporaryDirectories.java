package dev.quarry.dashboard.runtime;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Temporary directories for a run without configured paths (demo, replay, tests): created on
 * demand, deleted with their contents when the application stops. Registered as the first managed
 * object, so it stops last, after the store and the topology have closed their files. Thread-safe.
 */
public final class TemporaryDirectories implements Managed {
    private final List<Path> created = new ArrayList<>();

    /** A new empty directory under the system temporary directory. */
    public synchronized Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            created.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void stop() {
        for (Path dir : created) {
            deleteRecursively(dir);
        }
        created.clear();
    }

    /** Deletes a directory tree, ignoring what cannot be deleted (it is temporary). */
    public static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // already gone, or the OS cleans it eventually
        }
    }
}
