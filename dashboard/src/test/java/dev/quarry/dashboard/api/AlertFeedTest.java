package dev.quarry.dashboard.api;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertFeedTest {
    /** Lets a client fall only three events behind. */
    private final AlertFeed feed = new AlertFeed(3, Duration.ofMinutes(1));

    @AfterEach
    void close() {
        feed.close();
    }

    @Test
    void sendsAPublishedAlertAsAnAlertEventWithItsIdAndJson() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        feed.subscribe(sink);
        Alert alert = anAlert("a-1").version(3).build();

        feed.publish(alert);

        OutboundSseEvent event = sink.nextAlert();
        assertEquals("alert", event.getName());
        assertEquals("a-1:3", event.getId());
        assertEquals(alert, AlertJson.fromJson((String) event.getData()));
    }

    @Test
    void replaysBeforeLiveAlerts() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        feed.subscribe(sink, () -> List.of(anAlert("old-1").build(), anAlert("old-2").build()));

        feed.publish(anAlert("live").build());

        assertEquals("old-1:1", sink.nextAlert().getId());
        assertEquals("old-2:1", sink.nextAlert().getId());
        assertEquals("live:1", sink.nextAlert().getId());
    }

    @Test
    void aStuckClientBlocksNeitherPublishNorOtherClients() throws InterruptedException {
        try (AlertFeed roomy = new AlertFeed(100, Duration.ofMinutes(1))) {
            StuckSink stuck = new StuckSink();
            RecordingSink healthy = new RecordingSink();
            roomy.subscribe(stuck);
            roomy.subscribe(healthy);

            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                for (int i = 0; i < 20; i++) {
                    roomy.publish(anAlert("a-" + i).build());
                }
            });

            for (int i = 0; i < 20; i++) {
                assertEquals("a-" + i + ":1", healthy.nextAlert().getId());
            }
            stuck.release.countDown();
        }
    }

    @Test
    void disconnectsAClientThatFallsTooFarBehind() throws InterruptedException {
        StuckSink stuck = new StuckSink();
        feed.subscribe(stuck);
        stuck.firstSend.await(2, TimeUnit.SECONDS);

        for (int i = 0; i < 10; i++) {
            feed.publish(anAlert("a-" + i).build());
        }

        assertEquals(0, feed.connectionCount());
        stuck.release.countDown();
        assertTrue(stuck.closed.await(2, TimeUnit.SECONDS));
    }

    @Test
    void dropsAClientWhoseConnectionFailed() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        feed.subscribe(sink);
        sink.nextEvent(); // the "connected" comment
        sink.closed = true;

        feed.publish(anAlert("a-1").build());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (feed.connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, feed.connectionCount());
    }

    /** Records what is sent. */
    static final class RecordingSink implements SseEventSink {
        final BlockingQueue<OutboundSseEvent> events = new LinkedBlockingQueue<>();
        volatile boolean closed;

        OutboundSseEvent nextEvent() throws InterruptedException {
            OutboundSseEvent event = events.poll(2, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no event within 2 s");
            }
            return event;
        }

        OutboundSseEvent nextAlert() throws InterruptedException {
            OutboundSseEvent event;
            do {
                event = nextEvent();
            } while (event.getName() == null);
            return event;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            events.add(event);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A client whose network write never returns, like one that stopped reading. */
    static final class StuckSink implements SseEventSink {
        final CountDownLatch firstSend = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public boolean isClosed() {
            return closed.getCount() == 0;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            firstSend.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
