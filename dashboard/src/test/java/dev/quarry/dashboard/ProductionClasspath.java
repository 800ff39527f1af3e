package dev.quarry.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The class path {@code bin/quarry} runs {@code server}, {@code check}, {@code fingerprint} and
 * {@code replay} on a cluster from: the dashboard's jar and the runtime class path the build
 * writes beside it ({@code dashboard/target/quarry.classpath}). The build passes both locations
 * to the integration tests as the system properties {@value #JAR_PROPERTY} and
 * {@value #CLASSPATH_PROPERTY}, and the launcher's JVM flags as {@value #JVM_FLAGS_PROPERTY}.
 */
public final class ProductionClasspath {
    public static final String JAR_PROPERTY = "quarry.production.jar";
    public static final String CLASSPATH_PROPERTY = "quarry.production.classpath";
    public static final String JVM_FLAGS_PROPERTY = "quarry.jvm.flags";

    private final List<Path> entries;

    private ProductionClasspath(List<Path> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The class path of the current build, from the system properties the build sets. */
    public static ProductionClasspath ofBuild() {
        Path jar = Path.of(required(JAR_PROPERTY));
        Path classpathFile = Path.of(required(CLASSPATH_PROPERTY));
        List<Path> entries = new ArrayList<>();
        entries.add(jar);
        try {
            for (String entry : Files.readString(classpathFile, StandardCharsets.UTF_8).trim().split(":")) {
                entries.add(Path.of(entry));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no class path file " + classpathFile + " (built by `mvn package`)", e);
        }
        for (Path p : entries) {
            if (!Files.exists(p)) {
                throw new IllegalStateException("missing class path entry " + p + " (run `mvn package` again)");
            }
        }
        return new ProductionClasspath(entries);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run this test with "
                    + "`mvn verify`, whose failsafe configuration sets it");
        }
        return value;
    }

    /** The jar first, then its runtime dependencies, as {@code bin/quarry} passes them to {@code -cp}. */
    public List<Path> entries() {
        return entries;
    }

    /**
     * A class loader over exactly these entries, whose parent is the platform class loader: it
     * sees the JDK and this class path, nothing of the test's own class path.
     */
    public URLClassLoader classLoader() {
        URL[] urls = entries.stream().map(ProductionClasspath::url).toArray(URL[]::new);
        return new URLClassLoader("quarry-production", urls, ClassLoader.getPlatformClassLoader());
    }

    /**
     * {@code java [launcher flags] [jvmOptions] -cp <this class path> QuarryApplication [args]}, the
     * command {@code bin/quarry} runs, with this JVM's {@code java}.
     */
    public ProcessBuilder command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String flags = System.getProperty(JVM_FLAGS_PROPERTY, "");
        command.addAll(Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(":", entries.stream().map(Path::toString).toList()));
        command.add(QuarryApplication.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("OPT_OUT_TRACKING", "true");
        return builder;
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(p.toString(), e);
        }
    }
}
