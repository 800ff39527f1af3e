package dev.quarry.dashboard.api;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One SSE client of the {@link AlertFeed}: a bounded queue of events and at most one writer task.
 *
 * <p>Writing to a sink blocks while the client's TCP window is full, so writes never happen on the
 * thread that offers an event: offering only queues, and a task on the feed's executor drains the
 * queue. A client that falls {@code maxQueued} live events behind, or whose write fails, is disconnected;
 * its {@code EventSource} reconnects and reloads.
 *
 * <p>Thread-safe: state is guarded by {@code this}; the {@code draining} flag makes sure a single task
 * writes to the sink at any time, so events stay in order.
 */
final class FeedConnection {
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final SseEventSink sink;
    private final Executor executor;
    private final Consumer<FeedConnection> onClose;

    private final ArrayDeque<OutboundSseEvent> queue = new ArrayDeque<>();
    private int limit;
    private boolean started;
    private boolean draining;
    private boolean closed;

    FeedConnection(SseEventSink sink, Executor executor, int maxQueued, Consumer<FeedConnection> onClose) {
        this.sink = sink;
        this.executor = executor;
        this.limit = maxQueued;
        this.onClose = onClose;
    }

    /**
     * Sends {@code first}, then everything offered since construction. Until started, offered events
     * are only queued: the feed registers a connection before reading the replay from the store, so an
     * alert published in between is not lost (at worst it arrives twice, which clients ignore).
     */
    void start(List<OutboundSseEvent> first) {
        synchronized (this) {
            if (closed) {
                return;
            }
            for (int i = first.size() - 1; i >= 0; i--) {
                queue.addFirst(first.get(i));
            }
            limit += first.size(); // the replay does not eat into the room for live events
            started = true;
            if (!claimDrain()) {
                return;
            }
        }
        schedule(this::drain);
    }

    /** Queues an event without blocking; disconnects the client when its queue is full. */
    void offer(OutboundSseEvent event) {
        boolean overflow;
        synchronized (this) {
            if (closed) {
                return;
            }
            overflow = queue.size() >= limit;
            if (!overflow) {
                queue.addLast(event);
                if (!claimDrain()) {
                    return;
                }
            }
        }
        if (overflow) {
            close();
        } else {
            schedule(this::drain);
        }
    }

    /** Disconnects the client. Never blocks: the sink is closed on the executor. Idempotent. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
        }
        onClose.accept(this);
        schedule(this::closeSink);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private boolean claimDrain() {
        if (!started || draining || queue.isEmpty()) {
            return false;
        }
        draining = true;
        return true;
    }

    private void drain() {
        while (true) {
            OutboundSseEvent next;
            synchronized (this) {
                next = closed ? null : queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            if (!send(next)) {
                close();
                return;
            }
        }
    }

    private boolean send(OutboundSseEvent event) {
        if (sink.isClosed()) {
            return false;
        }
        try {
            sink.send(event).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false; // the client went away; nothing to report
        }
    }

    private void closeSink() {
        try {
            sink.close();
        } catch (RuntimeException e) {
            // already broken; closing is best effort
        }
    }

    private void schedule(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // The feed is shutting down and nothing more will be sent: close here and now.
            synchronized (this) {
                closed = true;
                queue.clear();
            }
            onClose.accept(this);
            closeSink();
        }
    }
}
