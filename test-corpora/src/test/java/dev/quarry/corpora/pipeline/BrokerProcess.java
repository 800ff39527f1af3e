package dev.quarry.corpora.pipeline;

import dev.quarry.dashboard.ProductionClasspath;
import dev.quarry.dashboard.QuarryApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/quarry broker --port P --dir D} in a JVM of its own, started as the launcher starts
 * it: this module's jar and the class path {@code package} writes beside it ({@code
 * quarry.devkit.jar}, {@code quarry.devkit.classpath}, set by the failsafe configuration), with
 * the launcher's JVM flags. {@link #stop} sends SIGTERM and waits; {@link #start} on the same
 * port and directory brings the same cluster back. Not thread-safe.
 */
final class BrokerProcess implements AutoCloseable {
    /** A start beside other builds on two cores has taken more than two minutes. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

    private final int port;
    private final Path dir;
    private final Path logDir;
    private Process process;
    private int starts;

    private BrokerProcess(int port, Path dir, Path logDir) {
        this.port = port;
        this.dir = dir;
        this.logDir = logDir;
    }

    /** Starts a one-node broker on a free port pair (client and controller), its data in {@code dir}. */
    static BrokerProcess start(Path dir, Path logDir) throws Exception {
        BrokerProcess broker = new BrokerProcess(FreePorts.run(2), dir, logDir);
        broker.start();
        return broker;
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    /**
     * Starts the process and waits for its ready line in its log (standard output and error both
     * go there); kills it when the line does not come.
     */
    void start() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        starts++;
        Path log = logDir.resolve("broker-" + starts + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.stream(System.getProperty(ProductionClasspath.JVM_FLAGS_PROPERTY, "").trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList());
        command.addAll(List.of("-Xmx512m", "-cp", developmentKitClasspath(), QuarryApplication.class.getName(),
                "broker", "--port", Integer.toString(port), "--dir", dir.toString(), "--partitions", "2"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OPT_OUT_TRACKING", "true");
        process = builder.start();
        String expected = "broker ready: " + bootstrapServers();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!Files.readAllLines(log, StandardCharsets.UTF_8).contains(expected)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the broker did not print `" + expected + "` within " + READY_TIMEOUT + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(200);
        }
    }

    /** SIGTERM, then waits for the process to end; fails when it does not within a minute. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the broker did not stop within " + STOP_TIMEOUT + " of SIGTERM");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static String developmentKitClasspath() {
        String jar = required("quarry.devkit.jar");
        Path classpathFile = Path.of(required("quarry.devkit.classpath"));
        try {
            return jar + ":" + Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("no class path file " + classpathFile + " (written by `mvn package`)", e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run this test with "
                    + "`mvn verify`, whose failsafe configuration sets it");
        }
        return value;
    }

}
