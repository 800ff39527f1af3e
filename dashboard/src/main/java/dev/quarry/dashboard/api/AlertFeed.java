package dev.quarry.dashboard.api;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.util.component.LifeCycle;
import org.glassfish.jersey.media.sse.OutboundEvent;

/**
 * The live alert feed: every alert {@link #publish published} goes to every connected
 * Server-Sent-Events client as an event named {@value #EVENT_NAME}, with the alert JSON as data and
 * {@code <alert_id>:<version>} as id.
 *
 * <p>{@code publish} never blocks on a client: each connection has its own bounded queue drained by
 * its own task, so a slow client delays only itself, and one that falls too far behind or fails is
 * disconnected (browsers reconnect by themselves). A comment line is sent to every client every
 * heartbeat interval, which keeps idle connections open through proxies and the server's idle timeout
 * and finds dead clients.
 *
 * <p>The feed does not store alerts: store an alert first, then publish it, so that a client that
 * replays recent alerts on connect misses none.
 *
 * <p>Shutdown: an event stream never ends by itself, and Dropwizard's graceful shutdown waits for
 * open requests for the whole grace period (30 s by default). Register the feed as a server
 * lifecycle listener, {@code environment.lifecycle().addEventListener(feed)}, and it closes every
 * stream as soon as the server begins to stop.
 *
 * <p>Thread-safe.
 */
public final class AlertFeed implements Closeable, LifeCycle.Listener {
    /** SSE event name of an alert. */
    public static final String EVENT_NAME = "alert";
    /** Events a client may fall behind before it is disconnected, by default. */
    public static final int DEFAULT_MAX_QUEUED = 1_000;
    /** Default interval between keep-alive comments; below Jetty's 30 s default idle timeout. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    /** What browsers are told to wait before reconnecting. */
    static final long RECONNECT_DELAY_MILLIS = 2_000;

    private final Set<FeedConnection> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService writers;
    private final ScheduledExecutorService heartbeat;
    private final int maxQueued;
    private volatile boolean closed;

    /** A feed with {@link #DEFAULT_MAX_QUEUED} and {@link #DEFAULT_HEARTBEAT}. */
    public AlertFeed() {
        this(DEFAULT_MAX_QUEUED, DEFAULT_HEARTBEAT);
    }

    /**
     * @param maxQueued events a client may fall behind before it is disconnected; positive
     * @param heartbeatInterval time between keep-alive comments; positive
     */
    public AlertFeed(int maxQueued, Duration heartbeatInterval) {
        if (maxQueued < 1) {
            throw new IllegalArgumentException("maxQueued must be positive: " + maxQueued);
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive: " + heartbeatInterval);
        }
        this.maxQueued = maxQueued;
        // Unbounded on purpose: a thread blocked on one slow client must not starve the others. Each
        // connection has at most one task, so threads are bounded by connections.
        this.writers = Executors.newCachedThreadPool(daemonThreads("alert-feed-writer-"));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemonThreads("alert-feed-heartbeat-"));
        long millis = heartbeatInterval.toMillis();
        OutboundSseEvent keepAlive = new OutboundEvent.Builder().comment("keep-alive").build();
        heartbeat.scheduleAtFixedRate(() -> connections.forEach(c -> c.offer(keepAlive)),
                millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Sends the alert to every connected client. Returns at once. */
    public void publish(Alert alert) {
        if (connections.isEmpty()) {
            return;
        }
        OutboundSseEvent event = event(alert);
        connections.forEach(c -> c.offer(event));
    }

    /** Connects a client that wants live alerts only. */
    public void subscribe(SseEventSink sink) {
        subscribe(sink, List::of);
    }

    /**
     * Connects a client: sends a comment at once (so the client sees the stream open), then the
     * alerts {@code replay} supplies, oldest first, then live alerts. {@code replay} is called after
     * the client is registered, so an alert stored and published meanwhile is sent, possibly twice.
     */
    public void subscribe(SseEventSink sink, Supplier<List<Alert>> replay) {
        FeedConnection connection = new FeedConnection(sink, writers, maxQueued, connections::remove);
        connections.add(connection);
        if (closed) {
            connection.close();
            return;
        }
        List<OutboundSseEvent> first = new ArrayList<>();
        first.add(new OutboundEvent.Builder().comment("connected").reconnectDelay(RECONNECT_DELAY_MILLIS).build());
        try {
            replay.get().forEach(alert -> first.add(event(alert)));
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.start(first);
    }

    /** Clients connected now. */
    public int connectionCount() {
        return connections.size();
    }

    /** Disconnects every client and stops the feed's threads. Idempotent. */
    @Override
    public void close() {
        closed = true;
        heartbeat.shutdownNow();
        List.copyOf(connections).forEach(FeedConnection::close);
        writers.shutdown();
        try {
            if (!writers.awaitTermination(2, TimeUnit.SECONDS)) {
                writers.shutdownNow();
            }
        } catch (InterruptedException e) {
            writers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the feed when the server begins to stop, before Jetty waits for open requests. */
    @Override
    public void lifeCycleStopping(LifeCycle server) {
        close();
    }

    /** The SSE event for one alert version. */
    static OutboundSseEvent event(Alert alert) {
        // text/plain with a String: Jersey writes the JSON as is, never through another JSON provider.
        return new OutboundEvent.Builder()
                .name(EVENT_NAME)
                .id(alert.alertId() + ':' + alert.version())
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, AlertJson.toJson(alert))
                .build();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
