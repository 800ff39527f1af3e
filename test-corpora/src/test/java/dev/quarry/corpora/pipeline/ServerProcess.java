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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/quarry server config.yml} in a JVM of its own on the production class path, as
 * deployed. {@link #kill} sends SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown
 * hook, no clean close of Kafka Streams, the alert store or any consumer. {@link #start} again
 * runs a new process on the same configuration, state directory and alert store. Each start logs
 * to a file of its own. Not thread-safe.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Path config;
    private final int port;
    private final int adminPort;
    private final String adminToken;
    private final Path logDir;
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
        this.config = config;
        this.port = port;
        this.adminPort = adminPort;
        this.adminToken = adminToken;
        this.logDir = logDir;
    }

    /** Starts the process and waits until its admin port reports the topology RUNNING. */
    void start() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the server is running");
        }
        starts++;
        log = logDir.resolve("server-" + starts + ".log");
        ProcessBuilder builder = ProductionClasspath.ofBuild()
                .command(List.of("-Xmx768m"), "server", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(ApiTokens.ADMIN_TOKEN_ENV, adminToken);
        process = builder.start();
        awaitRunning();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the server outlived SIGKILL by 30 s");
        }
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

    /** Fails, with the log, when the process has ended. */
    void assertAlive() throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError("the server stopped (exit " + process.exitValue() + "):\n" + logTail());
        }
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
        HttpResponse<String> r = get(port, path, adminToken);
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return json.readTree(r.body());
    }

    private void awaitRunning() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            assertAlive();
            try {
                HttpResponse<String> health = get(adminPort, "/healthcheck", null);
                if (json.readTree(health.body()).path("topology").path("message").asText().equals("RUNNING")) {
                    return;
                }
                last = health.body();
            } catch (IOException notListeningYet) {
                last = notListeningYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the topology was not RUNNING within " + START_TIMEOUT + ": " + last + "\n" + logTail());
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
