package dev.quarry.dashboard.runtime;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a configuration file from the file system, or, when no such file exists, from the class
 * path (the bundled {@code quarry-demo.yml}), so that a fresh checkout runs without writing a
 * config first. Thread-safe.
 */
public final class ClasspathOrFileSourceProvider implements ConfigurationSourceProvider {
    @Override
    public InputStream open(String path) throws IOException {
        Path file = Path.of(path);
        if (Files.isRegularFile(file)) {
            return Files.newInputStream(file);
        }
        InputStream in = getClass().getClassLoader().getResourceAsStream(path.startsWith("/") ? path.substring(1) : path);
        if (in == null) {
            throw new FileNotFoundException("no configuration file " + path + " (neither a file nor a bundled resource)");
        }
        return in;
    }
}
