package dev.quarry.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * The version of this build: the project version, and the commit the build was made from when it
 * ran in a git checkout ({@code git describe --always --dirty}, so a build of a work tree with
 * changes ends in {@code -dirty}). Maven writes both into {@value #RESOURCE} at build time.
 * Immutable.
 *
 * @param version the project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit the commit, or empty when the build did not know it
 */
public record QuarryVersion(String version, String commit) {
    /** The properties file Maven filters: {@code version} and {@code commit}. */
    static final String RESOURCE = "version.properties";

    public QuarryVersion {
        Objects.requireNonNull(version, "version");
        commit = commit == null ? "" : commit.trim();
    }

    /** The version of the classes running now. */
    public static QuarryVersion current() {
        Properties p = new Properties();
        try (InputStream in = QuarryVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + QuarryVersion.class.getName()
                        + ": run from a Maven build");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // An unfiltered placeholder means the property was unset at build time.
        String commit = p.getProperty("commit", "");
        return new QuarryVersion(p.getProperty("version"), commit.startsWith("${") ? "" : commit);
    }

    /** What {@code quarry version} prints: {@code quarry 0.1.0 (commit 1a2b3c4d5e6f)}, or without the commit. */
    public String line() {
        return "quarry " + version + (commit.isEmpty() ? "" : " (commit " + commit + ")");
    }
}
