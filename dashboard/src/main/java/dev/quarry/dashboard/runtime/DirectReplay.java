package dev.quarry.dashboard.runtime;

import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.config.PeersConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.internals.ParseProcessor;
import dev.quarry.detectors.privacy.Privacy;
import dev.quarry.detectors.suppression.Suppression;
import dev.quarry.detectors.suppression.Suppressions;
import dev.quarry.detectors.watermark.WatermarkChecks;
import dev.quarry.ingest.ParseResult;
import dev.quarry.ingest.RecordFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A replay without a broker ({@code kafka.replay.engine: direct}): the same {@link QuarryTopology}
 * as the live path, run in this process by Kafka's {@link TopologyTestDriver}, the client step on
 * {@code kafka.replay.workers} threads. The driver is Kafka's own in-process executor of a
 * topology: it hands each record to the topology's tasks synchronously, fires punctuators, and
 * keeps what they write to a topic until it is read. Nothing of the topology's execution is
 * written here; this class splits the records between the drivers and moves what crosses from
 * one part of the topology to the other.
 *
 * <p>The topology is built in two parts from one instance. The client part
 * ({@link QuarryTopology#buildClientPart}: parsing, dead letters, the client step) runs in one
 * driver per worker; a record goes to the worker its key (the client id) hashes to, as Kafka's
 * default partitioner spreads keys over partitions, so each worker holds a disjoint set of
 * clients, every event of a client, in event-time order. The shared part
 * ({@link QuarryTopology#buildSharedPart}: clusters, dataset split, peer statistics, watermark
 * health) runs in one driver, fed by the workers' output in lock step:
 *
 * <ul>
 *   <li>Event time is cut into windows at each clock hour plus {@code peers.grace}. The reader
 *       (the calling thread) hands every record of a window to its worker, numbered in read order
 *       and stamped with the stream time of the whole input (the largest event time read so far),
 *       then a window end. Each worker runs its records and keeps what its driver writes for the
 *       shared part, each piece tagged with the record that caused it.
 *   <li>When every worker has ended the window, the last to arrive feeds the shared part with
 *       everything the window produced, topic by topic in the order of the records that caused it
 *       (within one record, in the order written), while the others wait: the order in which a
 *       single driver running the whole topology would have fed it, whatever the number of
 *       workers. Cluster messages are stamped with the whole input's stream time, as
 *       {@code ClusterFeed} stamps them with one partition, and ordered by {@code ClusterMessageOrder}
 *       with one source.
 *   <li>Peer statistics reach the client step ({@link QuarryTopology#peerStats}) only between
 *       windows. A client's event at time T reads the snapshot of the newest boundary at or before
 *       T - grace - readLag; with {@code readLag} of an hour or more every such boundary is one
 *       the shared part published from the samples of earlier windows, so the workers read what
 *       one driver would read. With a shorter read lag the window is cut at grace + readLag as
 *       well, and an event can then miss a snapshot that a sample of its own window would have
 *       published.
 * </ul>
 *
 * At the end of the input the shared part's clock is moved on by heartbeats
 * ({@code hydra.orderHeartbeat}) until it holds nothing, as a replay on a broker ends.
 *
 * <p>Each driver commits after every record, so the parts are built for it: state on the heap,
 * resident profiles ({@code detection.residentProfiles} times {@code kafka.partitions}, split
 * between the workers) written down only when evicted, no record cache, no changelogs and no
 * transactions. Not thread-safe: one run per instance.
 */
final class DirectReplay {
    private static final String APPLICATION_ID = "quarry-replay-direct";
    /** Heartbeats the clock is moved on by at most, at the end, until nothing is held. */
    private static final int END_HEARTBEATS = 10;
    /** Records handed to a worker at a time. */
    private static final int BATCH = 256;
    /** Batches queued per worker before the reader waits. */
    private static final int QUEUED_BATCHES = 32;
    private static final long HOUR = 3_600_000L;

    private final QuarryConfiguration config;
    private final Consumer<String> progress;

    DirectReplay(QuarryConfiguration config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    ReplayRun.Result run(List<Path> files, List<RecordFormat> formats, Suppressions suppressions) throws IOException {
        TopicNames topics = new TopicNames("quarry.replay.events", "quarry.replay.dlq", "quarry.replay.alerts")
                .suppressions("quarry.replay.suppressions")
                .peerStats("quarry.replay.peer-stats");
        TemporaryDirectories temporary = new TemporaryDirectories();
        WatermarkChecks watermark = WatermarkChecks.off();
        QuarryTopology topology = null;
        List<TopologyTestDriver> drivers = new ArrayList<>();
        try {
            PipelineCounters counters = new PipelineCounters();
            watermark = WatermarkChecks.from(config.watermark());
            topology = new QuarryTopology(config.detection(), topics, counters,
                    new QuarryTopology.Inputs(1, config.reference().open(config.kafka().stateDir()), watermark)
                            .withPrivacy(Privacy.of(config.privacy())));
            int workers = workers();
            Instant clock = Instant.now();
            Topology sharedPart = topology.buildSharedPart();
            TopologyTestDriver shared = new TopologyTestDriver(sharedPart, properties(temporary), clock);
            drivers.add(shared);
            int resident = (int) Math.min(Integer.MAX_VALUE, (residentProfiles() + workers - 1) / workers);
            List<Worker> parts = new ArrayList<>(workers);
            for (int i = 0; i < workers; i++) {
                ParseProcessor.Parsed parsed = new ParseProcessor.Parsed();
                Topology clientPart = topology.buildClientPart(resident, parsed);
                TopologyTestDriver driver = new TopologyTestDriver(clientPart, properties(temporary), clock);
                drivers.add(driver);
                parts.add(new Worker(i, driver, parsed, SharedFeed.sides(clientPart), topics));
            }
            // Into the global store before the first event, as a replay on a broker writes them before it starts.
            if (!suppressions.isEmpty()) {
                TestInputTopic<String, byte[]> in = shared.createInputTopic(topics.suppressions(), new StringSerializer(),
                        new ByteArraySerializer());
                for (Suppression s : suppressions.all()) {
                    in.pipeInput(s.id(), Suppressions.toBytes(s));
                }
                progress.accept(String.format("  %d suppression(s) in force", suppressions.size()));
            }
            if (workers > 1) {
                progress.accept(String.format("  client step on %d workers", workers));
            }
            return new Run(topics, counters, new SharedFeed(shared, sharedPart, topics), parts).replay(files, formats);
        } finally {
            for (TopologyTestDriver d : drivers) {
                d.close();
            }
            if (topology != null) {
                topology.close();
            }
            watermark.close();
            temporary.stop();
        }
    }

    private static ThreadMXBean threads() {
        return ManagementFactory.getThreadMXBean();
    }

    /** {@code kafka.replay.workers}, 0 being one per available processor. */
    private int workers() {
        int configured = config.kafka().replay().workers();
        return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** The resident profiles of all the broker engine's tasks, one per partition, over the workers. */
    private long residentProfiles() {
        return (long) config.detection().residentProfiles() * Math.max(1, config.kafka().partitions());
    }

    private Properties properties(TemporaryDirectories temporary) throws IOException {
        // kafka.properties apply as in a replay on a broker; the broker settings are not read.
        Properties props = StreamsSettings.replayProperties(config.kafka(), "unused:9092", APPLICATION_ID,
                temporary.create("quarry-replay-state-").toString());
        if (!config.kafka().properties().containsKey(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG)) {
            // A cache coalesces writes between commits; with a commit after every record it only copies.
            props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        }
        if (!config.kafka().properties().containsKey(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)) {
            // The driver hands a task one record at a time, so there is no other partition's
            // record to wait for. Idling enabled, the task asks before and after each record
            // whether its empty partitions are ready, and Kafka formats a message for each answer.
            props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        }
        return props;
    }

    /**
     * Where a window of event time ends: the next clock hour plus {@code peers.grace} after
     * {@code streamTime}, or, with a read lag under an hour, grace plus read lag past the hour
     * when that comes first (see the class comment).
     */
    static long windowEnd(long streamTime, PeersConfig peers) {
        long grace = peers.grace().toMillis();
        long lag = peers.readLag().toMillis();
        long start = Math.floorDiv(streamTime - grace, HOUR) * HOUR + grace;
        if (lag > 0 && lag < HOUR && streamTime < start + lag) {
            return start + lag;
        }
        return start + HOUR;
    }

    /** One replay: the reader's side, the workers' threads, the windows. */
    private final class Run implements ReplayFeed.Sink {
        private final TopicNames topics;
        private final PipelineCounters counters;
        private final SharedFeed shared;
        private final List<Worker> workers;
        /** Workers that have ended the current window, and the windows ended so far: guarded by this. */
        private int arrived;
        private long windows;
        private final List<Sequenced<String>> deadLetters = new ArrayList<>();
        private volatile Throwable failure;
        private long seq;
        private long streamTime = Long.MIN_VALUE;
        private long windowEndTs = Long.MIN_VALUE;
        private long start;
        /** CPU time of the cross-client steps, summed over the windows (confined to the barrier's action). */
        private long sharedNanos;

        Run(TopicNames topics, PipelineCounters counters, SharedFeed shared, List<Worker> workers) {
            this.topics = topics;
            this.counters = counters;
            this.shared = shared;
            this.workers = workers;
        }

        ReplayRun.Result replay(List<Path> files, List<RecordFormat> formats) throws IOException {
            start = System.nanoTime();
            List<Thread> threads = new ArrayList<>(workers.size());
            for (Worker w : workers) {
                Thread t = new Thread(() -> w.run(this), "quarry-replay-worker-" + w.index);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            ReplayFeed.Totals read;
            try {
                read = ReplayFeed.feed(files, formats, this);
                for (Worker w : workers) {
                    hand(w, w.batch.last());
                }
                for (Thread t : threads) {
                    t.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                if (failure == null && threads.stream().anyMatch(Thread::isAlive)) {
                    fail(new IllegalStateException("the replay stopped early"));
                }
            }
            rethrow();
            shared.end(counters, streamTime, config.detection().hydra().orderHeartbeat(), END_HEARTBEATS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            DirectReplay.this.progress.accept(String.format(
                    "  CPU s: reading %.1f, workers %s, of which cross-client steps %.1f",
                    threads().getCurrentThreadCpuTime() / 1e9,
                    workers.stream().map(w -> String.format("%.1f", w.cpuNanos / 1e9)).toList(), sharedNanos / 1e9));
            List<Alert> alerts = new ArrayList<>();
            for (Worker w : workers) {
                w.drainAlerts();
                w.alerts.forEach(a -> alerts.add(AlertJson.fromBytes(a)));
                deadLetters.addAll(w.deadLetters);
            }
            shared.alerts().forEach(a -> alerts.add(AlertJson.fromBytes(a)));
            alerts.sort(Comparator.comparingLong(Alert::ts).thenComparing(Alert::alertId).thenComparingInt(Alert::version));
            deadLetters.sort(Comparator.comparingLong(Sequenced::seq));
            return new ReplayRun.Result(read.lines(), read.valid(), read.lines() - read.valid(), counters.duplicates(),
                    read.blankLines(), read.outOfOrder(), alerts, deadLetters.stream().map(Sequenced::value).toList(),
                    elapsed, read.skipped(), formats.stream().map(RecordFormat::name).toList());
        }

        @Override
        public void event(String clientId, byte[] value, long ts, String source, ParseResult.Valid parsed) {
            advance(ts);
            byte[] key = clientId.getBytes(StandardCharsets.UTF_8);
            add(workers.get(Utils.toPositive(Utils.murmur2(key)) % workers.size()), key, value, ts, source, parsed);
        }

        @Override
        public void invalidLine(byte[] value, long ts, String source) {
            advance(ts);
            add(workers.get((int) (seq % workers.size())), null, value, ts, source, null);
        }

        @Override
        public void deadLetter(byte[] deadLetter, long ts, String source) {
            deadLetters.add(new Sequenced<>(seq++, new String(deadLetter, StandardCharsets.UTF_8)));
        }

        @Override
        public void progress(long lines) {
            rethrow();
            double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
            DirectReplay.this.progress.accept(String.format(
                    "  read %,d lines, processed %,d events (%,.0f events/s), %,d dead letters, %,d alert versions",
                    lines, counters.eventsProcessed(), counters.eventsProcessed() / secs, counters.deadLetters(),
                    counters.alertsPublished()));
        }

        /** Moves the whole input's stream time on, ending the window when it passes its end. */
        private void advance(long ts) {
            streamTime = Math.max(streamTime, ts);
            if (streamTime >= windowEndTs) {
                if (windowEndTs != Long.MIN_VALUE) {
                    for (Worker w : workers) {
                        hand(w, w.batch.windowEnd());
                    }
                }
                windowEndTs = windowEnd(streamTime, config.detection().peers());
            }
        }

        private void add(Worker w, byte[] key, byte[] value, long ts, String source, ParseResult.Valid parsed) {
            if (w.batch.add(new Piped(seq++, streamTime, key, value, ts, source, parsed))) {
                hand(w, w.batch.full());
            }
        }

        private void hand(Worker w, Batch b) {
            try {
                while (!w.queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
                    rethrow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            w.batch = new Batch();
        }

        /**
         * A worker has ended the window. The last to do so feeds the shared part while the others
         * wait (which also hands each worker's output over to it and the peer statistics back);
         * then all go on to the next window. Returns at once, throwing, when a worker has failed.
         * (A {@code CyclicBarrier} with this as its action would not do: {@code reset()} breaks
         * only the parties waiting then, and a worker arriving after a failure would wait for
         * ever.)
         */
        synchronized void awaitWindowEnd() throws InterruptedException {
            long window = windows;
            if (++arrived == workers.size()) {
                arrived = 0;
                try {
                    long t = threads().getCurrentThreadCpuTime();
                    shared.feed(workers);
                    sharedNanos += threads().getCurrentThreadCpuTime() - t;
                } finally {
                    windows++;
                    notifyAll();
                }
                return;
            }
            while (windows == window && failure == null) {
                wait();
            }
            if (failure != null) {
                throw new IllegalStateException("another worker failed", failure);
            }
        }

        synchronized void fail(Throwable t) {
            if (failure == null) {
                failure = t;
            }
            notifyAll();
        }

        private void rethrow() {
            Throwable t = failure;
            if (t instanceof RuntimeException r) {
                throw r;
            } else if (t instanceof Error e) {
                throw e;
            } else if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }

    /**
     * A record for a worker's driver: its number in read order and the whole input's stream time
     * then, and what the reader parsed of it (null when the topology's parser must parse it).
     */
    record Piped(long seq, long streamTime, byte[] key, byte[] value, long ts, String source, ParseResult.Valid parsed) {
        TestRecord<byte[], byte[]> record() {
            RecordHeaders headers = new RecordHeaders();
            if (source != null) {
                headers.add(ParseProcessor.SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
            }
            return new TestRecord<>(key, value, headers, ts);
        }
    }

    /** A value tagged with the number of the record that produced it. */
    record Sequenced<V>(long seq, V value) {}

    /** Records handed to a worker together; a window end or the last batch closes a window. */
    static final class Batch {
        enum Kind { RECORDS, WINDOW_END, LAST }

        final List<Piped> records = new ArrayList<>(BATCH);
        Kind kind = Kind.RECORDS;

        /** Adds a record; true when the batch is full. */
        boolean add(Piped p) {
            records.add(p);
            return records.size() >= BATCH;
        }

        Batch full() {
            return this;
        }

        Batch windowEnd() {
            kind = Kind.WINDOW_END;
            return this;
        }

        Batch last() {
            kind = Kind.LAST;
            return this;
        }
    }

    /** One worker: a driver of the client part, its queue, and what it produced in the current window. */
    static final class Worker {
        final int index;
        final TopologyTestDriver driver;
        /** The reader's parse of the record being piped, for the client part's parser. */
        final ParseProcessor.Parsed parsed;
        final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        final TestInputTopic<byte[], byte[]> events;
        /** What the client part writes for the shared part, one drain per topic, in {@link SharedFeed#sides} order. */
        final List<SharedFeed.Drain> sides = new ArrayList<>();
        /** Per side, in the order of {@link #sides}: what this window produced for the shared part. */
        final List<List<SharedFeed.Produced>> produced = new ArrayList<>();
        final SharedFeed.Drain alertsOut;
        final SharedFeed.Drain deadLettersOut;
        final List<byte[]> alerts = new ArrayList<>();
        final List<Sequenced<String>> deadLetters = new ArrayList<>();
        /** CPU time of this worker's thread, set when it ends (the shared steps it ran included). */
        volatile long cpuNanos;
        /** Only the reader touches it. */
        Batch batch = new Batch();
        private long piped;

        Worker(int index, TopologyTestDriver driver, ParseProcessor.Parsed parsed, List<String> sides, TopicNames topics) {
            this.index = index;
            this.driver = driver;
            this.parsed = parsed;
            this.events = driver.createInputTopic(topics.events(), new ByteArraySerializer(), new ByteArraySerializer());
            for (String side : sides) {
                this.sides.add(new SharedFeed.Drain(driver, side));
                produced.add(new ArrayList<>());
            }
            this.alertsOut = new SharedFeed.Drain(driver, topics.alerts());
            this.deadLettersOut = new SharedFeed.Drain(driver, topics.deadLetters());
        }

        void run(Run run) {
            try {
                while (true) {
                    Batch b = queue.take();
                    for (Piped p : b.records) {
                        pipe(p);
                    }
                    if (b.kind != Batch.Kind.RECORDS) {
                        drainAlerts();
                        run.awaitWindowEnd();
                    }
                    if (b.kind == Batch.Kind.LAST) {
                        cpuNanos = threads().getCurrentThreadCpuTime();
                        return;
                    }
                }
            } catch (Throwable t) {
                run.fail(t);
            }
        }

        private void pipe(Piped p) {
            if (p.parsed() != null) {
                // The event was parsed once to find its client: the parser takes that result.
                parsed.hand(p.value(), p.parsed());
            }
            events.pipeInput(p.record());
            for (int i = 0; i < sides.size(); i++) {
                SharedFeed.Drain out = sides.get(i);
                if (out.pending()) {
                    for (TestRecord<byte[], byte[]> r : out.read()) {
                        produced.get(i).add(new SharedFeed.Produced(p.seq(), p.streamTime(), r));
                    }
                }
            }
            if (deadLettersOut.pending()) {
                for (TestRecord<byte[], byte[]> r : deadLettersOut.read()) {
                    deadLetters.add(new Sequenced<>(p.seq(), new String(r.value(), StandardCharsets.UTF_8)));
                }
            }
            if ((++piped & 1023) == 0) {
                drainAlerts();
            }
        }

        /** The driver keeps what is written until read: alerts are read often, so that it does not grow. */
        void drainAlerts() {
            if (alertsOut.pending()) {
                for (TestRecord<byte[], byte[]> r : alertsOut.read()) {
                    alerts.add(r.value());
                }
            }
        }
    }
}
