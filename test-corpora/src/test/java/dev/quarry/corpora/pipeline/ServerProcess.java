package dev.quarry.corpora.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.dashboard.ProductionClasspath;
import dev.quarry.dashboard.auth.ApiTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/quarry server config.yml} in a JVM of its own on the production class path, as
 * deployed. {@link #kill} sends SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown
 * hook, no clean close of Kafka Streams, the alert store or any consumer. {@link #terminate}
 * sends SIGTERM and reports how the process ended. {@link #start} again runs a new process on the
 * same configuration, state directory and alert store. Each start logs to a file of its own. Not
 * thread-safe.
 */
final class ServerProcess implements AutoCloseable {
    /** A start beside other builds on two cores has taken more than two minutes. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Path config;
    private final int port;
    private final int adminPort;
    private final String adminToken;
    private final Path logDir;
    private final Map<String, String> environment;
    private final List<String> jvmArgs;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Process process;
    private Path log;
    private int starts;

    /**
     * @param config the configuration file, naming {@code port} and {@code adminPort}
     * @param adminToken given to the process as {@value ApiTokens#ADMIN_TOKEN_ENV}
     */
    ServerProcess(Path config, int port, int adminPort, String adminToken, Path logDir) {
        this(config, port, adminPort, adminToken, logDir, Map.of(), List.of());
    }

    private ServerProcess(Path config, int port, int adminPort, String adminToken, Path logDir,
            Map<String, String> environment, List<String> jvmArgs) {
        this.config = config;
        this.port = port;
        this.adminPort = adminPort;
        this.adminToken = adminToken;
        this.logDir = logDir;
        this.environment = Map.copyOf(environment);
        this.jvmArgs = List.copyOf(jvmArgs);
    }

    /**
     * The shipped {@code config.yml}, configured only through the environment variables it reads,
     * as an operator deploys it: this broker, two partitions per topic, one stream thread, free
     * ports, the state directory and alert store under {@code dir}. Not started.
     *
     * @param jvmArgs extra JVM arguments, for example {@code -Ddw.kafka.shutdownTimeout=PT20S}
     */
    static ServerProcess onShippedConfig(String bootstrap, Path dir, String adminToken, String... jvmArgs)
            throws IOException {
        int port = FreePorts.one();
        int adminPort = FreePorts.one();
        Map<String, String> env = new HashMap<>();
        env.put("QUARRY_KAFKA_BOOTSTRAP", bootstrap);
        env.put("QUARRY_PORT", Integer.toString(port));
        env.put("QUARRY_ADMIN_PORT", Integer.toString(adminPort));
        env.put("QUARRY_COLLECTOR_PORT", Integer.toString(FreePorts.one()));
        env.put("QUARRY_PARTITIONS", "2");
        env.put("QUARRY_REPLICATION_FACTOR", "1");
        env.put("QUARRY_STREAM_THREADS", "1");
        env.put("QUARRY_STATE_DIR", dir.resolve("streams").toString());
        env.put("QUARRY_ALERT_DIR", dir.resolve("alerts").toString());
        return new ServerProcess(Path.of("..", "config.yml"), port, adminPort, adminToken, dir, env, List.of(jvmArgs));
    }

    /** Starts the process and waits until its admin port reports the topology RUNNING. */
    void start() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the server is running");
        }
        starts++;
        log = logDir.resolve("server-" + starts + ".log");
        List<String> args = new ArrayList<>(List.of("-Xmx768m"));
        args.addAll(jvmArgs);
        ProcessBuilder builder = ProductionClasspath.ofBuild()
                .command(args, "server", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put(ApiTokens.ADMIN_TOKEN_ENV, adminToken);
        process = builder.start();
        await("the topology RUNNING", () -> json.readTree(getAdmin("/healthcheck").body())
                .path("topology").path("message").asText().equals("RUNNING"));
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the server outlived SIGKILL by 30 s");
        }
    }

    /**
     * SIGTERM, and waits up to two minutes for the process to end.
     *
     * @return how long it took to end
     */
    Duration terminate() throws IOException, InterruptedException {
        long signalled = System.nanoTime();
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            throw new AssertionError("still running two minutes after SIGTERM:\n" + logTail());
        }
        return Duration.ofNanos(System.nanoTime() - signalled);
    }

    /** The exit value of the ended process. */
    int exitValue() {
        return process.exitValue();
    }

    /** SIGTERM: a clean stop. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** A condition polled by {@link #await}; an {@link IOException} counts as "not yet". */
    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} until it holds; fails, with the log, when the process ends or time runs out. */
    void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            assertAlive();
            try {
                if (check.holds()) {
                    return;
                }
            } catch (IOException notListeningYet) {
                last = notListeningYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what + " (" + last + ")\n" + logTail());
    }

    /** Fails, with the log, when the process has ended. */
    void assertAlive() throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError("the server stopped (exit " + process.exitValue() + "):\n" + logTail());
        }
    }

    /** The current start's whole log. */
    String log() throws IOException {
        return Files.readString(log);
    }

    /** The last lines of the current start's log. */
    String logTail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    /** {@code GET path} on the application port with the admin token. */
    JsonNode getJson(String path) throws IOException, InterruptedException {
        JsonNode body = getJsonOrNull(path);
        if (body == null) {
            throw new AssertionError("GET " + path + ": 404");
        }
        return body;
    }

    /** {@code GET path} on the application port with the admin token; null for {@code 404}. */
    JsonNode getJsonOrNull(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path, adminToken);
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return json.readTree(r.body());
    }

    /** {@code GET path} on the application port, with {@code token} as the bearer token when not null. */
    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return get(port, path, token);
    }

    /** {@code GET path} on the admin port (no token: it is not a data route). */
    HttpResponse<String> getAdmin(String path) throws IOException, InterruptedException {
        return get(adminPort, path, null);
    }

    private HttpResponse<String> get(int toPort, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + toPort + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
