package dev.quarry.dashboard.web;

import static dev.quarry.dashboard.store.AlertBuilder.T0;
import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.dashboard.api.SecurityHeadersFilter;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Severity;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The live feed and the API over real HTTP, through Jetty, Jersey and the security filter. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AlertStreamTest {
    @TempDir
    static Path indexDir;

    static final DropwizardAppExtension<AlertServiceTestConfiguration> APP = new DropwizardAppExtension<>(
            AlertServiceTestApp.class,
            ResourceHelpers.resourceFilePath("web/alert-service-test.yml"),
            ConfigOverride.config("indexDir", () -> indexDir.toString()));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void deliversAnAlertPublishedAfterConnectingAsAnAlertEvent() throws Exception {
        try (EventStream stream = EventStream.open(http, uri("/api/alerts/stream"))) {
            assertTrue(stream.response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            stream.awaitOpen();
            Alert alert = anAlert("live-1").client("acct-<b>7</b>").severity(Severity.HIGH)
                    .finding("template_reuse", 0.9, Map.of("prompt", "line one\nline two")).build();

            app().publish(alert);

            Map<String, String> event = stream.nextEvent();
            assertEquals("alert", event.get("event"));
            assertEquals("live-1:1", event.get("id"));
            assertEquals(alert, AlertJson.fromJson(event.get("data")));
            assertTrue(event.get("data").contains("\"severity\":\"high\""));
        }
    }

    @Test
    void replaysTheMostRecentAlertsOldestFirstWhenAsked() throws Exception {
        app().publish(anAlert("replay-old").ts(T0 + 10_000).build());
        app().publish(anAlert("replay-new").ts(T0 + 20_000).build());

        try (EventStream stream = EventStream.open(http, uri("/api/alerts/stream?recent=2"))) {
            assertEquals("replay-old:1", stream.nextEvent().get("id"));
            assertEquals("replay-new:1", stream.nextEvent().get("id"));
        }
    }

    @Test
    void answersABadReplayCountWith400() throws Exception {
        HttpResponse<String> response = get("/api/alerts/stream?recent=lots");

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("recent"), response.body());
    }

    @Test
    void servesAlertsUnderApiAndTheStreamIsNotTakenForAnAlertId() throws Exception {
        app().publish(anAlert("plain-1").client("acct-plain").severity(Severity.MEDIUM).build());

        assertEquals(200, get("/api/alerts/plain-1").statusCode());
        assertEquals(404, get("/api/alerts/stream-not").statusCode());
        String page = get("/api/alerts?client=acct-plain").body();
        assertTrue(page.contains("\"alert_id\":\"plain-1\""), page);
        assertTrue(page.contains("\"severity\":\"medium\""), page);
    }

    @Test
    void theLiveFeedAnswersAnAnonymousCallerWith401AndStreamsToASessionCookie() throws Exception {
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/api/alerts/stream")));
        HttpResponse<String> signIn = send(HttpRequest.newBuilder(uri("/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + TestTokens.token(Role.VIEWER) + "\"}")));
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];

        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.body().contains("\"code\":401"), anonymous.body());
        try (EventStream stream = EventStream.open(http, uri("/api/alerts/stream"), "Cookie", cookie)) {
            stream.awaitOpen();
            app().publish(anAlert("by-cookie").build());
            assertEquals("by-cookie:1", stream.nextEvent().get("id"));
        }
    }

    @Test
    void servesThePageWithoutCredentialsAndTheApiNotAtAll() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/")));
        HttpResponse<String> script = send(HttpRequest.newBuilder(uri("/app.js")));
        HttpResponse<String> api = send(HttpRequest.newBuilder(uri("/api/alerts")));

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"sign-in\""), "the page shows the sign-in form");
        assertEquals(200, script.statusCode());
        assertEquals(401, api.statusCode());
    }

    @Test
    void servesThePageAndTheApiWithSecurityHeaders() throws Exception {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (String path : List.of("/", "/app.js", "/api/alerts", "/api/alerts/unknown")) {
            responses.add(get(path));
        }
        responses.add(send(HttpRequest.newBuilder(uri("/api/stats")))); // a 401
        for (HttpResponse<String> response : responses) {
            String path = response.uri().getPath();
            assertEquals(SecurityHeadersFilter.CONTENT_SECURITY_POLICY,
                    response.headers().firstValue("Content-Security-Policy").orElse(null), path);
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null), path);
            assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElse(null), path);
        }
        assertTrue(get("/").body().contains("<table id=\"alerts\""));
    }

    private static AlertServiceTestApp app() {
        return APP.getApplication();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + APP.getLocalPort() + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", TestTokens.bearer(Role.VIEWER)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An open {@code text/event-stream} response, read line by line on a background thread. */
    static final class EventStream implements AutoCloseable {
        final HttpResponse<Stream<String>> response;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final CompletableFuture<Void> reader;

        private EventStream(HttpResponse<Stream<String>> response) {
            this.response = response;
            this.reader = CompletableFuture.runAsync(() -> response.body().forEach(lines::add));
        }

        /** Opens the feed as a viewer with a Bearer token. */
        static EventStream open(HttpClient http, URI uri) throws IOException, InterruptedException {
            return open(http, uri, "Authorization", TestTokens.bearer(Role.VIEWER));
        }

        /** Opens the feed with one credential header (the token or a session cookie). */
        static EventStream open(HttpClient http, URI uri, String header, String value)
                throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                    .header(header, value).build();
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            return new EventStream(response);
        }

        /** Waits for the comment the feed sends once the connection is registered. */
        void awaitOpen() throws InterruptedException {
            while (true) {
                String line = lines.poll(5, TimeUnit.SECONDS);
                if (line == null) {
                    throw new AssertionError("the stream sent nothing within 5 s");
                }
                if (line.startsWith(":")) {
                    return;
                }
            }
        }

        /** The next event with a name, as field to value; data lines joined with newlines. */
        Map<String, String> nextEvent() throws InterruptedException {
            Map<String, String> fields = new java.util.HashMap<>();
            List<String> data = new ArrayList<>();
            while (true) {
                String line = lines.poll(5, TimeUnit.SECONDS);
                if (line == null) {
                    throw new AssertionError("no complete event within 5 s; got " + fields);
                }
                if (line.isEmpty()) {
                    if (fields.containsKey("event")) {
                        fields.put("data", String.join("\n", data));
                        return fields;
                    }
                    fields.clear();
                    data.clear();
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    String name = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    if (name.equals("data")) {
                        data.add(value);
                    } else {
                        fields.put(name, value);
                    }
                }
            }
        }

        @Override
        public void close() {
            reader.cancel(true);
            response.body().close();
        }
    }
}
