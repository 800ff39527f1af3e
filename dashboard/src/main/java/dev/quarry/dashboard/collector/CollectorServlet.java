package dev.quarry.dashboard.collector;

import com.codahale.metrics.Counter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.dashboard.auth.ApiTokens;
import dev.quarry.dashboard.auth.QuarryPrincipal;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.ingest.ParseResult;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The collector's two routes. A request goes through, in order: the route (404/405), the token
 * (401 without a known one, 403 for a role other than {@code ingest}), the concurrency limit (429),
 * the body size, compressed and decompressed (413), the decoder (400 for a body that cannot be
 * read at all, 415 for an OTLP media type other than protobuf or JSON), the pending-records limit
 * (429), and Kafka's acknowledgement (503). Then 200: for {@code /ingest/{format}} a JSON count of
 * accepted records, dead letters and skipped records; for {@code /v1/traces} an OTLP
 * {@code ExportTraceServiceResponse}, whose partial success counts the spans dead-lettered.
 * Records that fail the contract never fail the request: they go to the dead-letter topic with
 * their reason.
 */
final class CollectorServlet extends HttpServlet {
    private static final Pattern INGEST = Pattern.compile("/ingest/([a-z0-9][a-z0-9_-]{0,31})");
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long DRAIN_FACTOR = 4;

    /** The counters the collector keeps, {@code quarry.collector.*}. */
    record Counters(Counter requests, Counter accepted, Counter deadLetters, Counter skipped, Counter throttled,
            Counter refused) {}

    private final CollectorSettings settings;
    private final ApiTokens tokens;
    private final BodyDecoder decoder;
    private final CollectorPublisher publisher;
    private final Counters counters;
    private final Semaphore inFlight;
    private final AtomicLong requestSeq = new AtomicLong();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    CollectorServlet(CollectorSettings settings, ApiTokens tokens, BodyDecoder decoder, CollectorPublisher publisher,
            Counters counters) {
        this.settings = settings;
        this.tokens = tokens;
        this.decoder = decoder;
        this.publisher = publisher;
        this.counters = counters;
        this.inFlight = new Semaphore(settings.maxConcurrentRequests());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        counters.requests().inc();
        String path = req.getRequestURI();
        boolean otlp = "/v1/traces".equals(path);
        Matcher ingest = INGEST.matcher(path);
        String format = otlp ? Collector.OTLP_TRACES : ingest.matches() ? ingest.group(1) : null;
        boolean known = format != null && decoder.formats().contains(format) && otlp == format.equals(Collector.OTLP_TRACES);
        if (!known) {
            refuse(req, resp, otlp, 404, format == null ? "no such route: POST /v1/traces or /ingest/{format}"
                    : "unknown format '" + format + "', expected one of " + String.join(", ", decoder.formats()));
            return;
        }
        if (!"POST".equals(req.getMethod())) {
            resp.setHeader("Allow", "POST");
            refuse(req, resp, otlp, 405, "only POST");
            return;
        }
        Optional<QuarryPrincipal> principal = bearer(req).flatMap(tokens::authenticate);
        if (principal.isEmpty()) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"quarry-collector\"");
            refuse(req, resp, otlp, 401, "a bearer token of the ingest role is required");
            return;
        }
        if (principal.get().role() != Role.INGEST) {
            refuse(req, resp, otlp, 403, "only tokens of the ingest role may post events");
            return;
        }
        if (!inFlight.tryAcquire()) {
            throttle(req, resp, otlp, "too many requests at once");
            return;
        }
        try {
            handle(req, resp, otlp, format, principal.get());
        } finally {
            inFlight.release();
        }
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp, boolean otlp, String format,
            QuarryPrincipal principal) throws IOException {
        long max = settings.maxBodySize().toBytes();
        if (req.getContentLengthLong() > max) {
            tooLarge(req, resp, otlp, "");
            return;
        }
        byte[] body;
        try {
            body = readBody(req, max);
        } catch (TooLargeException e) {
            tooLarge(req, resp, otlp, e.getMessage());
            return;
        } catch (UnsupportedEncodingError e) {
            refuse(req, resp, otlp, 415, e.getMessage());
            return;
        }
        String contentType = mediaType(req.getContentType());
        if (otlp && !contentType.equals(PROTOBUF) && !contentType.equals(JSON)) {
            refuse(req, resp, otlp, 415, "OTLP/HTTP takes application/x-protobuf or application/json, not '"
                    + (contentType.isEmpty() ? "none" : contentType) + "'");
            return;
        }
        String source = "collector:" + principal.name() + ":" + format + ":" + runId + "-" + requestSeq.incrementAndGet();
        BodyDecoder.Decoded decoded;
        try {
            decoded = decoder.decode(format, contentType, body, source);
        } catch (BodyDecoder.UnreadableBodyException e) {
            refuse(req, resp, otlp, 400, e.getMessage());
            return;
        }
        // A body that is not an export request at all: its one dead letter names the request, not a span.
        boolean unreadable = otlp && decoded.results().size() == 1 && decoded.results().get(0) instanceof ParseResult.Invalid i
                && i.deadLetter().source().equals(source);
        int n = decoded.results().size();
        if (!publisher.tryReserve(n)) {
            throttle(req, resp, otlp, "Kafka is behind: " + publisher.pending() + " records pending");
            return;
        }
        try {
            publisher.publish(decoded.results(), settings.publishTimeout());
        } catch (CollectorPublisher.PublishException e) {
            counters.refused().inc();
            resp.setHeader("Retry-After", Long.toString(settings.retryAfter().toSeconds()));
            error(resp, otlp, 503, e.getMessage());
            return;
        }
        long dead = decoded.results().stream().filter(r -> r instanceof ParseResult.Invalid).count();
        counters.accepted().inc(n - dead);
        counters.deadLetters().inc(dead);
        counters.skipped().inc(decoded.skipped());
        if (unreadable) {
            counters.refused().inc();
            error(resp, true, 400, ((ParseResult.Invalid) decoded.results().get(0)).deadLetter().reason());
        } else if (otlp) {
            otlpSuccess(resp, contentType, dead);
        } else {
            ObjectNode out = MAPPER.createObjectNode();
            out.put("accepted", n - dead);
            out.put("dead_letters", dead);
            out.put("skipped", decoded.skipped());
            send(resp, 200, JSON, MAPPER.writeValueAsBytes(out));
        }
    }

    private static Optional<String> bearer(HttpServletRequest req) {
        String h = req.getHeader("Authorization");
        if (h == null || h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = h.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The body, gunzipped when {@code Content-Encoding: gzip}; both sizes limited to {@code max}. */
    private static byte[] readBody(HttpServletRequest req, long max) throws IOException, TooLargeException,
            UnsupportedEncodingError {
        byte[] raw = readAtMost(req.getInputStream(), max, "");
        String encoding = req.getHeader("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return raw;
        }
        if (!encoding.trim().equalsIgnoreCase("gzip")) {
            throw new UnsupportedEncodingError("Content-Encoding '" + encoding.trim() + "' is not supported: gzip or none");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return readAtMost(in, max, " once decompressed");
        } catch (ZipException | java.io.EOFException e) {
            throw new UnsupportedEncodingError("the body is not valid gzip");
        }
    }

    private static byte[] readAtMost(InputStream in, long max, String what) throws IOException, TooLargeException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int r; (r = in.read(buf)) >= 0; ) {
            total += r;
            if (total > max) {
                throw new TooLargeException(what);
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    private void tooLarge(HttpServletRequest req, HttpServletResponse resp, boolean otlp, String what) throws IOException {
        refuse(req, resp, otlp, 413, "body larger than " + settings.maxBodySize() + what);
    }

    /**
     * Reads what is left of a refused request's body, up to {@value #DRAIN_FACTOR} times the body
     * limit, so that a sender still writing it sees the answer instead of a reset connection, and
     * a kept-alive connection stays usable; past that the connection is closed after the answer.
     */
    private void drain(HttpServletRequest req, HttpServletResponse resp) {
        long budget = DRAIN_FACTOR * settings.maxBodySize().toBytes();
        try {
            InputStream in = req.getInputStream();
            byte[] buf = new byte[64 * 1024];
            for (int r; (r = in.read(buf)) >= 0; ) {
                budget -= r;
                if (budget < 0) {
                    resp.setHeader("Connection", "close");
                    return;
                }
            }
        } catch (IOException e) {
            resp.setHeader("Connection", "close");
        }
    }

    private void throttle(HttpServletRequest req, HttpServletResponse resp, boolean otlp, String why) throws IOException {
        counters.throttled().inc();
        drain(req, resp);
        resp.setHeader("Retry-After", Long.toString(settings.retryAfter().toSeconds()));
        error(resp, otlp, 429, why);
    }

    private void refuse(HttpServletRequest req, HttpServletResponse resp, boolean otlp, int status, String why) throws IOException {
        counters.refused().inc();
        drain(req, resp);
        error(resp, otlp, status, why);
    }

    /**
     * An error body: for OTLP a {@code google.rpc.Status} as the OTLP/HTTP specification asks (JSON
     * unless the request was protobuf), else {@code {"error": ...}}.
     */
    private static void error(HttpServletResponse resp, boolean otlp, int status, String message) throws IOException {
        ObjectNode out = MAPPER.createObjectNode();
        if (otlp) {
            out.put("code", grpcCode(status));
            out.put("message", message);
        } else {
            out.put("error", message);
        }
        send(resp, status, JSON, MAPPER.writeValueAsBytes(out));
    }

    /** The gRPC status code of an HTTP status, as OTLP's {@code Status.code} carries it. */
    private static int grpcCode(int status) {
        return switch (status) {
            case 400, 413, 415 -> 3; // INVALID_ARGUMENT
            case 401 -> 16; // UNAUTHENTICATED
            case 403 -> 7; // PERMISSION_DENIED
            case 404, 405 -> 12; // UNIMPLEMENTED
            case 429 -> 8; // RESOURCE_EXHAUSTED
            default -> 14; // UNAVAILABLE
        };
    }

    private static void otlpSuccess(HttpServletResponse resp, String contentType, long rejected) throws IOException {
        String message = rejected + " span(s) dead-lettered: not a valid inference event";
        if (contentType.equals(PROTOBUF)) {
            send(resp, 200, PROTOBUF, rejected == 0 ? new byte[0] : OtlpResponses.partialSuccess(rejected, message));
        } else {
            ObjectNode out = MAPPER.createObjectNode();
            if (rejected > 0) {
                ObjectNode partial = out.putObject("partialSuccess");
                partial.put("rejectedSpans", Long.toString(rejected));
                partial.put("errorMessage", message);
            }
            send(resp, 200, JSON, MAPPER.writeValueAsBytes(out));
        }
    }

    private static void send(HttpServletResponse resp, int status, String contentType, byte[] body) throws IOException {
        resp.setStatus(status);
        resp.setContentType(contentType);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private static final class TooLargeException extends Exception {
        TooLargeException(String what) {
            super(what);
        }
    }

    private static final class UnsupportedEncodingError extends Exception {
        UnsupportedEncodingError(String message) {
            super(message);
        }
    }
}
