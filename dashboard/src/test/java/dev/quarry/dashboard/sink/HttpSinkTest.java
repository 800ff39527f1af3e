package dev.quarry.dashboard.sink;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Severity;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook sink against a real HTTP server on 127.0.0.1: payload, signature, idempotency key, answers. */
class HttpSinkTest {
    private static final String SECRET = "whsec-test-7f3a9c";
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:05Z");

    private LocalReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = LocalReceiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void postsTheAlertVersionSignedWithTheSecretAndKeyedByAlertIdAndVersion() throws Exception {
        Alert alert = anAlert("al-7").version(3).severity(Severity.HIGH).summary("sweep <b>&</b>").build();

        webhook(receiver.url("/hook")).deliver(alert);

        LocalReceiver.Request got = receiver.requests().get(0);
        assertEquals("POST", got.method());
        assertEquals("/hook", got.path());
        assertEquals(AlertJson.toJson(alert), got.body());
        assertEquals("application/json", got.header("Content-Type"));
        assertEquals("al-7:3", got.header("Idempotency-Key"));
        // Recomputed here as a receiver would, without WebhookSignature.
        String expected = "t=" + NOW.getEpochSecond() + ",v1=" + hmacHex(SECRET, NOW.getEpochSecond() + "." + got.body());
        assertEquals(expected, got.header(WebhookSignature.HEADER));
    }

    @Test
    void aServerErrorIsWorthAnotherAttempt() {
        receiver.answerNext(500);

        DeliveryException e = assertThrows(DeliveryException.class, () -> webhook(receiver.url("/")).deliver(anAlert("a").build()));

        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
    }

    @Test
    void tooManyRequestsIsWorthAnotherAttempt() {
        receiver.answerNext(429);

        DeliveryException e = assertThrows(DeliveryException.class, () -> webhook(receiver.url("/")).deliver(anAlert("a").build()));

        assertTrue(e.retryable());
    }

    @Test
    void aRefusedPayloadIsFinal() {
        receiver.answerNext(400);

        DeliveryException e = assertThrows(DeliveryException.class, () -> webhook(receiver.url("/")).deliver(anAlert("a").build()));

        assertFalse(e.retryable());
    }

    @Test
    void aRedirectIsNotFollowedAndIsFinal() {
        receiver.answerNext(302);

        DeliveryException e = assertThrows(DeliveryException.class, () -> webhook(receiver.url("/")).deliver(anAlert("a").build()));

        assertFalse(e.retryable());
        assertEquals(1, receiver.requests().size());
    }

    @Test
    void aReceiverThatIsDownIsWorthAnotherAttemptAndTheMessageHoldsNoUrl() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/services/T000/B000/secret-path";

        DeliveryException e = assertThrows(DeliveryException.class, () -> webhook(url).deliver(anAlert("a").build()));

        assertTrue(e.retryable());
        assertFalse(e.getMessage().contains("secret-path"), e.getMessage());
    }

    @Test
    void aSignatureVerifiesOnlyForItsBodyAndWithinTheTolerance() {
        WebhookSignature signature = WebhookSignature.withSecret(SECRET);
        long t = NOW.getEpochSecond();
        String header = signature.header(t, "{\"a\":1}");

        assertTrue(signature.verify(header, "{\"a\":1}", t + 10, 300));
        assertFalse(signature.verify(header, "{\"a\":2}", t + 10, 300), "tampered body");
        assertFalse(signature.verify(header, "{\"a\":1}", t + 301, 300), "too old");
        assertFalse(WebhookSignature.withSecret("other").verify(header, "{\"a\":1}", t, 300), "other secret");
        assertFalse(signature.verify("t=abc,v1=00", "{\"a\":1}", t, 300));
    }

    private static HttpSink webhook(String url) {
        SinkSettings settings = new SinkSettings().name("hook").type(SinkType.WEBHOOK).url(url).secret(SECRET)
                .timeout(Duration.ofSeconds(5));
        return HttpSink.webhook(settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static String hmacHex(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
