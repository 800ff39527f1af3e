package dev.quarry.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.Sessions;
import dev.quarry.dashboard.auth.TestTokens;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No credential reaches the request log, even with a log format that asks for the
 * {@code Authorization}, {@code Cookie} and CSRF headers, and a token sent in the query string.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RequestLogRedactionTest {
    @TempDir
    static Path dir;

    static final DropwizardAppExtension<AlertServiceTestConfiguration> APP = new DropwizardAppExtension<>(
            AlertServiceTestApp.class,
            ResourceHelpers.resourceFilePath("web/alert-service-request-log.yml"),
            ConfigOverride.config("indexDir", () -> dir.resolve("index").toString()),
            ConfigOverride.config("server.requestLog.appenders[0].currentLogFilename",
                    () -> dir.resolve("requests.log").toString()));

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theRequestLogHasNoTokenSessionIdOrCsrfToken() throws Exception {
        String token = TestTokens.token(Role.ANALYST);
        send(request("/api/alerts?limit=5").header("Authorization", "Bearer " + token));
        send(request("/api/stats?access_token=" + token + "&limit=5"));
        HttpResponse<String> signIn = send(request("/api/session").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + token + "\"}")));
        String session = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        String csrf = new ObjectMapper().readTree(signIn.body()).get("csrf_token").asText();
        send(request("/api/session").header("Cookie", session).header(Sessions.CSRF_HEADER, csrf).DELETE());

        String log = awaitLines(Path.of(dir.resolve("requests.log").toString()), 4);

        assertFalse(log.contains(token), log);
        assertFalse(log.contains(session.substring(session.indexOf('=') + 1)), log);
        assertFalse(log.contains(csrf), log);
        assertTrue(log.contains("\"GET /api/alerts?limit=5 HTTP/1.1\" 200 auth=[redacted]"), log);
        assertTrue(log.contains("access_token=[redacted]&limit=5"), log);
        assertTrue(log.contains("\"DELETE /api/session HTTP/1.1\" 204 auth=- cookie=[redacted] csrf=[redacted]"), log);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                .timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The log once it has {@code lines} lines: the request log writes asynchronously. */
    private static String awaitLines(Path file, int lines) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            String log = Files.exists(file) ? Files.readString(file) : "";
            if (log.lines().count() >= lines || System.nanoTime() > deadline) {
                assertEquals(lines, log.lines().count(), log);
                return log;
            }
            Thread.sleep(100);
        }
    }
}
