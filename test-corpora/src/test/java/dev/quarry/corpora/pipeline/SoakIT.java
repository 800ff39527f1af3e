package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.QuarryRuntime;
import dev.quarry.dashboard.runtime.EventPublisher;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A soak: the real application on the demo configuration (its own broker) reads generated traffic
 * of a fixed population (the default mix, 310 clients, replayed pass after pass with new event
 * ids) at a sustained rate, stamped with the wall clock, for {@code quarry.soak.minutes} (default 30)
 * at {@code quarry.soak.rate} events/s (default 100). Every {@code quarry.soak.sampleSeconds}
 * (default 60) it records the heap after a collection, the topology's state on disk, events
 * processed, input lag, and the event-to-alert latency of the alert versions published in the
 * interval (the alert's arrival on {@code quarry.alerts} minus its triggering event's time). The
 * table goes to stdout and {@code target/soak.md}. It asserts that the topology keeps up, that the
 * heap levels off (the last third's mean within 1.5x the second third's), that the state grows no
 * faster in the last third than in the second, and that the p99 latency stays under 30 s. Slow: {@code mvn verify -Preliability -Dit.test=SoakIT}.
 */
@Tag("reliability")
class SoakIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void heapAndStateLevelOffAndAlertsStayPrompt(@TempDir Path dir) throws Exception {
        int minutes = Integer.getInteger("quarry.soak.minutes", 30);
        int rate = Integer.getInteger("quarry.soak.rate", 100);
        int sampleSeconds = Integer.getInteger("quarry.soak.sampleSeconds", 60);
        Path state = dir.resolve("streams");
        DropwizardTestSupport<QuarryConfiguration> app = new DropwizardTestSupport<>(QuarryApplication.class,
                "quarry-demo.yml",
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("collector.port", "0"),
                ConfigOverride.config("kafka.stateDir", state.toString()),
                ConfigOverride.config("alertStore.dir", dir.resolve("alerts").toString()));
        app.before();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        try {
            QuarryRuntime runtime = ((QuarryApplication) app.getApplication()).runtime();
            assertTrue(runtime.detection().awaitRunning(Duration.ofMinutes(2)));
            Thread reader = new Thread(() -> readAlerts(runtime, latencies, running), "soak-alert-reader");
            reader.start();
            List<String> rows = new ArrayList<>();
            rows.add("| minute | events sent | events processed | input lag | heap MB | state MB | alert versions | p50 s | p99 s |");
            rows.add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            List<double[]> samples = new ArrayList<>();
            long start = System.nanoTime();
            long sent = 0;
            long nextSample = start + Duration.ofSeconds(sampleSeconds).toNanos();
            int loop = 0;
            Iterator<InferenceEvent> events = generator();
            try (EventPublisher publisher = new EventPublisher(runtime.bootstrapServers(), runtime.topics().events())) {
                while (System.nanoTime() - start < Duration.ofMinutes(minutes).toNanos()) {
                    long due = start + sent * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    if (!events.hasNext()) {
                        events = generator();
                        loop++;
                    }
                    InferenceEvent e = events.next();
                    publisher.send(e.clientId(), restamp(e, loop), System.currentTimeMillis(), "soak");
                    sent++;
                    if (System.nanoTime() >= nextSample) {
                        nextSample += Duration.ofSeconds(sampleSeconds).toNanos();
                        publisher.flush();
                        double[] s = sample(runtime, state, sent, latencies);
                        samples.add(s);
                        String row = String.format("| %.1f | %,d | %,d | %,d | %.0f | %.1f | %,d | %.2f | %.2f |",
                                (System.nanoTime() - start) / 60e9, sent, (long) s[0], (long) s[1], s[2], s[3],
                                (long) s[4], s[5], s[6]);
                        rows.add(row);
                        System.out.println("soak " + row);
                    }
                }
            }
            running.set(false);
            reader.join(10_000);
            Path report = Path.of("target", "soak.md");
            Files.createDirectories(report.getParent());
            Files.write(report, rows);
            assertTrue(samples.size() >= 3, "at least three samples");
            double[] last = samples.get(samples.size() - 1);
            assertTrue(last[1] < rate * 30L, "the topology keeps up: input lag " + last[1]);
            int third = samples.size() / 3;
            assertTrue(mean(samples, third * 2, samples.size(), 2) <= 1.5 * mean(samples, third, third * 2, 2),
                    "heap levels off");
            // State grows with new clients and with the deduplication window until its retention;
            // it must not grow faster later than it did earlier.
            double earlier = samples.get(third * 2 - 1)[3] - samples.get(third)[3];
            double later = samples.get(samples.size() - 1)[3] - samples.get(third * 2)[3];
            assertTrue(later <= Math.max(1.5 * earlier, 0.5 * (samples.size() - third * 2)),
                    "state grows no faster: " + earlier + " MB then " + later + " MB");
            for (double[] s : samples) {
                assertTrue(s[6] < 30, "p99 event-to-alert latency under 30 s: " + s[6]);
            }
        } finally {
            running.set(false);
            app.after();
        }
    }

    /** The same clients on every pass (a fixed population), with new event ids ({@link #restamp}). */
    private static Iterator<InferenceEvent> generator() {
        return new TrafficGenerator(CorpusSpec.defaults().withSeed(100)).events();
    }

    /** The event as JSON with the wall clock as its time and an id unique to this pass. */
    private static byte[] restamp(InferenceEvent e, int loop) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(EventJson.toBytes(e));
            node.put("ts", System.currentTimeMillis());
            node.put("event_id", node.get("event_id").asText() + "-p" + loop);
            return JSON.writeValueAsBytes(node);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /** events processed, input lag, heap MB, state MB, alert versions, p50 s, p99 s (since the last sample). */
    private static double[] sample(QuarryRuntime runtime, Path state, long sent, List<Long> latencies) {
        System.gc();
        double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
        List<Long> window;
        synchronized (latencies) {
            window = new ArrayList<>(latencies);
            latencies.clear();
        }
        Collections.sort(window);
        long processed = runtime.counters().recordsRead();
        return new double[] {processed, Math.max(0, sent - processed), heap, size(state) / 1e6, window.size(),
            quantile(window, 0.5) / 1000.0, quantile(window, 0.99) / 1000.0};
    }

    private static double quantile(List<Long> sorted, double q) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    }

    private static double mean(List<double[]> samples, int from, int to, int column) {
        return samples.subList(from, to).stream().mapToDouble(s -> s[column]).average().orElse(0);
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static void readAlerts(QuarryRuntime runtime, List<Long> latencies, AtomicBoolean running) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "soak-latency");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(runtime.topics().alerts()));
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    Alert a = AlertJson.fromBytes(r.value());
                    latencies.add(Math.max(0, System.currentTimeMillis() - a.ts()));
                }
            }
        }
    }
}
