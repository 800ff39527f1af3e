package dev.quarry.dashboard.runtime;

import dev.quarry.dashboard.QuarryRuntime;
import dev.quarry.dashboard.spi.DemoTraffic;
import dev.quarry.ingest.InferenceEvent;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the demo's generated traffic to the events topic at a fixed rate, once the topology
 * runs. Event time starts 24 hours before the current hour and advances as the generator says, faster than
 * the wall clock. One background thread; stopped before the broker on shutdown.
 */
final class DemoTrafficPump implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTrafficPump.class);
    private final QuarryRuntime runtime;
    private final DemoTraffic traffic;
    private final long seed;
    private final int rate;
    private volatile boolean running;
    private Thread thread;

    DemoTrafficPump(QuarryRuntime runtime, DemoTraffic traffic, long seed, int rate) {
        if (rate < 1) {
            throw new IllegalArgumentException("--rate must be at least 1");
        }
        this.runtime = runtime;
        this.traffic = traffic;
        this.seed = seed;
        this.rate = rate;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::pump, "quarry-demo-traffic");
        thread.setDaemon(true);
        thread.start();
    }

    private void pump() {
        try (EventPublisher publisher = new EventPublisher(runtime.bootstrapServers(), runtime.topics().events())) {
            if (runtime.detection() != null && !runtime.detection().awaitRunning(Duration.ofMinutes(2))) {
                LOG.warn("Topology not running after two minutes; publishing anyway");
            }
            LOG.info("Demo traffic: {} events/s; attackers: {}", rate, traffic.attackers());
            // Simulated time runs much faster than the wall clock: start a day back.
            Iterator<InferenceEvent> events = traffic.events(seed,
                    Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(24)));
            long sent = 0;
            long start = System.nanoTime();
            while (running && events.hasNext()) {
                publisher.send(events.next());
                sent++;
                if (sent % 10_000 == 0) {
                    publisher.flush();
                }
                long due = start + sent * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                }
            }
            LOG.info("Demo traffic stopped after {} events", sent);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Demo traffic failed", e);
        }
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
    }
}
