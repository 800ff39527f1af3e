package dev.quarry.dashboard.sink;

import dev.quarry.dashboard.QuarryVersion;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A sink that POSTs one JSON document per alert version with the JDK's {@link HttpClient}: the
 * webhook, Slack and PagerDuty sinks differ only in the document and its headers. A 2xx answer is
 * a delivery; a timeout, a connection failure, 408, 425, 429 and 5xx are worth another attempt;
 * any other answer (a redirect, which is not followed, or a 4xx refusing the payload) is final.
 * Used by one runner thread; the client is shared safely.
 */
public final class HttpSink implements AlertSink {
    private static final String USER_AGENT = "quarry/" + QuarryVersion.current().version();

    /** The body and the headers of one attempt. */
    record Post(String body, Map<String, String> headers) {}

    private final String name;
    private final URI uri;
    private final Duration timeout;
    private final HttpClient client;
    private final Function<Alert, Post> payload;

    HttpSink(String name, URI uri, Duration timeout, Function<Alert, Post> payload) {
        this.name = name;
        this.uri = uri;
        this.timeout = timeout;
        this.payload = payload;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The alert version's JSON (as on {@code quarry.alerts}), signed ({@link WebhookSignature}) at
     * the time of each attempt, with {@code alert_id:version} as its {@code Idempotency-Key}.
     */
    public static HttpSink webhook(SinkSettings settings, Clock clock) {
        WebhookSignature signature = WebhookSignature.withSecret(settings.secret());
        return new HttpSink(settings.name(), URI.create(settings.endpoint()), settings.timeout(), alert -> {
            String body = AlertJson.toJson(alert);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(WebhookSignature.HEADER, signature.header(clock.instant().getEpochSecond(), body));
            headers.put("Idempotency-Key", AlertSink.idempotencyKey(alert));
            return new Post(body, headers);
        });
    }

    /** A Slack incoming-webhook message ({@link SlackMessage}); Slack has no idempotency key. */
    public static HttpSink slack(SinkSettings settings) {
        return new HttpSink(settings.name(), URI.create(settings.endpoint()), settings.timeout(),
                alert -> new Post(SlackMessage.of(alert), Map.of()));
    }

    /** A PagerDuty Events API v2 trigger ({@link PagerDutyEvent}); its {@code dedup_key} is the alert id. */
    public static HttpSink pagerDuty(SinkSettings settings) {
        return new HttpSink(settings.name(), URI.create(settings.endpoint()), settings.timeout(),
                alert -> new Post(PagerDutyEvent.of(alert, settings.secret()), Map.of()));
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException, InterruptedException {
        Post post = payload.apply(alert);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(post.body()));
        post.headers().forEach(request::header);
        HttpResponse<Void> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            throw new DeliveryException(name + ": no answer within " + timeout, true, e);
        } catch (IOException e) {
            // The exception's text can name the host, never the path or query where a Slack URL keeps its secret.
            throw new DeliveryException(name + ": " + e.getClass().getSimpleName(), true, null);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        boolean retryable = status == 408 || status == 425 || status == 429 || status >= 500;
        throw new DeliveryException(name + ": HTTP " + status, retryable);
    }

    @Override
    public void close() {
        // HttpClient.close() exists from Java 21 only; its threads end when it is unreachable.
    }
}
