package dev.quarry.dashboard.runtime;

import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.internals.ParseProcessor;
import dev.quarry.detectors.privacy.Privacy;
import dev.quarry.detectors.suppression.Suppression;
import dev.quarry.detectors.suppression.Suppressions;
import dev.quarry.detectors.watermark.WatermarkChecks;
import dev.quarry.ingest.DeadLetterJson;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.ParseResult;
import dev.quarry.ingest.RecordFormat;
import dev.quarry.ingest.ReplayRecord;
import dev.quarry.ingest.ReplaySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A replay without a broker ({@code kafka.replay.engine: direct}): the same {@link QuarryTopology}
 * as the live path, run in this process by Kafka's {@link TopologyTestDriver}. The driver is
 * Kafka's own in-process executor of a topology: it hands each record to the topology's tasks
 * synchronously, feeds what they write to a repartition topic back to the step behind it before
 * the next record, keeps global stores up to date from their topics, and fires stream-time
 * punctuators as records pass and wall-clock punctuators when its clock is moved. Nothing of the
 * topology's execution is written here; this class only reads the files, pipes their records in,
 * ends the input and reads the output topics.
 *
 * <p>Records are read as {@link ReplayRun} reads them ({@link ReplaySource}, in event-time order)
 * and piped one at a time: every repartitioned message has reached the step behind it before the
 * next event is read. All partitions of every topic are one partition here, so the topology is
 * built with one events partition: every event stays on its partition (no "by-client" round trip)
 * and the cluster side waits for one source only. Its ordering ({@code ClusterMessageOrder}) puts
 * messages in (stream time, client, arrival) order whatever the partitioning, so the cluster
 * alerts are those of a run on a broker. The driver's clock stands still while the input is read
 * (no source goes idle); at the end of the input it is moved on by one heartbeat, so that the
 * client step sends its end of input and the cluster side releases what it holds, as in a replay
 * on a broker.
 *
 * <p>The driver commits after every record, so the topology is built for it
 * ({@link QuarryTopology#buildInProcess}): state on the heap (a RocksDB store would write its
 * memtable to a file at every commit), resident profiles written down only when evicted, no record
 * cache, no changelogs (nothing is ever restored) and no transactions. Single-threaded; not
 * thread-safe: one run per instance.
 */
final class DirectReplay {
    private static final String APPLICATION_ID = "quarry-replay-direct";
    /** Records piped between two drains of the output topics. */
    private static final int DRAIN_EVERY = 4096;
    /** Heartbeats the clock is moved on by at most, at the end, until nothing is held. */
    private static final int END_HEARTBEATS = 10;

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
        try {
            PipelineCounters counters = new PipelineCounters();
            // kafka.properties apply as in a replay on a broker; the broker settings are not read.
            Properties props = StreamsSettings.replayProperties(config.kafka(), "unused:9092", APPLICATION_ID,
                    temporary.create("quarry-replay-state-").toString());
            if (!config.kafka().properties().containsKey(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG)) {
                // A cache coalesces writes between commits; with a commit after every record it only copies.
                props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
            }
            watermark = WatermarkChecks.from(config.watermark());
            topology = new QuarryTopology(config.detection(), topics, counters,
                    new QuarryTopology.Inputs(1, config.reference().open(config.kafka().stateDir()), watermark)
                            .withPrivacy(Privacy.of(config.privacy())));
            try (TopologyTestDriver driver = new TopologyTestDriver(topology.buildInProcess(residentProfiles()), props,
                    Instant.now())) {
                return replay(driver, topics, counters, files, formats, suppressions);
            }
        } finally {
            if (topology != null) {
                topology.close();
            }
            watermark.close();
            temporary.stop();
        }
    }

    /** The resident profiles of all the broker engine's tasks, one per partition, in this one task. */
    private int residentProfiles() {
        long all = (long) config.detection().residentProfiles() * Math.max(1, config.kafka().partitions());
        return (int) Math.min(Integer.MAX_VALUE, all);
    }

    private ReplayRun.Result replay(TopologyTestDriver driver, TopicNames topics, PipelineCounters counters,
            List<Path> files, List<RecordFormat> formats, Suppressions suppressions) throws IOException {
        // Into the global store before the first event, as a replay on a broker writes them before it starts.
        if (!suppressions.isEmpty()) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(topics.suppressions(), new StringSerializer(),
                    new ByteArraySerializer());
            for (Suppression s : suppressions.all()) {
                in.pipeInput(s.id(), Suppressions.toBytes(s));
            }
            progress.accept(String.format("  %d suppression(s) in force", suppressions.size()));
        }
        Output output = new Output(driver, topics);
        TestInputTopic<byte[], byte[]> events = driver.createInputTopic(topics.events(), new ByteArraySerializer(),
                new ByteArraySerializer());
        long start = System.nanoTime();
        long lines = 0;
        long valid = 0;
        long lastTs = 0;
        long blank;
        long outOfOrder;
        long skipped;
        try (ReplaySource source = new ReplaySource(files, formats)) {
            long lastReport = System.nanoTime();
            while (source.hasNext()) {
                ReplayRecord r = source.next();
                lines++;
                if (r.result() instanceof ParseResult.Valid v) {
                    valid++;
                    lastTs = v.event().tsMillis();
                    // A contract line goes as written; a converted event as its contract JSON.
                    byte[] value = r.isContract() ? r.raw().getBytes(StandardCharsets.UTF_8) : EventJson.toBytes(v.event());
                    events.pipeInput(record(v.event().clientId().getBytes(StandardCharsets.UTF_8), value, lastTs, r.source()));
                } else if (r.isContract()) {
                    events.pipeInput(record(null, r.raw().getBytes(StandardCharsets.UTF_8), lastTs, r.source()));
                } else {
                    // The contract parser would see the converted format's record, not a contract
                    // line: its own dead letter, with the format's reason, goes straight out.
                    output.drain();
                    output.deadLetter(DeadLetterJson.toBytes(((ParseResult.Invalid) r.result()).deadLetter()));
                }
                if (lines % DRAIN_EVERY == 0) {
                    output.drain();
                    if (System.nanoTime() - lastReport > 2_000_000_000L) {
                        lastReport = System.nanoTime();
                        report(lines, counters, start);
                    }
                }
            }
            blank = source.blankLines();
            outOfOrder = source.outOfOrder();
            skipped = source.skipped();
        }
        endInput(driver, counters);
        output.drain();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        List<Alert> alerts = new ArrayList<>(output.alerts.size());
        for (byte[] value : output.alerts) {
            alerts.add(AlertJson.fromBytes(value));
        }
        alerts.sort(Comparator.comparingLong(Alert::ts).thenComparing(Alert::alertId).thenComparingInt(Alert::version));
        return new ReplayRun.Result(lines, valid, lines - valid, counters.duplicates(), blank, outOfOrder, alerts,
                output.deadLetters, elapsed, skipped, formats.stream().map(RecordFormat::name).toList());
    }

    /**
     * Ends the input ({@link PipelineCounters#endInput}) and moves the clock on by a heartbeat
     * ({@code hydra.orderHeartbeat}): the client step's wall-clock punctuator then sends its end
     * of input, and the cluster side passes on everything it holds.
     */
    private void endInput(TopologyTestDriver driver, PipelineCounters counters) {
        counters.endInput();
        Duration heartbeat = config.detection().hydra().orderHeartbeat();
        for (int i = 0; i < END_HEARTBEATS && (i == 0 || counters.sideMessagesPending() > 0); i++) {
            driver.advanceWallClockTime(heartbeat);
        }
        if (counters.sideMessagesPending() > 0) {
            throw new IllegalStateException("the cluster side still holds messages at the end of the input: "
                    + counters.snapshot());
        }
    }

    private static TestRecord<byte[], byte[]> record(byte[] key, byte[] value, long ts, String source) {
        RecordHeaders headers = new RecordHeaders();
        if (source != null) {
            headers.add(ParseProcessor.SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        }
        return new TestRecord<>(key, value, headers, ts);
    }

    private void report(long lines, PipelineCounters counters, long start) {
        double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        progress.accept(String.format("  read %,d lines, processed %,d events (%,.0f events/s), %,d dead letters, %,d alert versions",
                lines, counters.eventsProcessed(), counters.eventsProcessed() / secs, counters.deadLetters(),
                counters.alertsPublished()));
    }

    /**
     * The driver keeps every record written to any topic, repartition topics included, until it is
     * read: this reads the alerts and dead letters and drops the rest, so that memory does not grow
     * with the input.
     */
    private static final class Output {
        private final TopologyTestDriver driver;
        private final TopicNames topics;
        private final Map<String, TestOutputTopic<byte[], byte[]>> opened = new HashMap<>();
        final List<byte[]> alerts = new ArrayList<>();
        final List<String> deadLetters = new ArrayList<>();

        Output(TopologyTestDriver driver, TopicNames topics) {
            this.driver = driver;
            this.topics = topics;
        }

        void deadLetter(byte[] value) {
            deadLetters.add(new String(value, StandardCharsets.UTF_8));
        }

        void drain() {
            for (String topic : List.copyOf(driver.producedTopicNames())) {
                TestOutputTopic<byte[], byte[]> out = opened.computeIfAbsent(topic,
                        t -> driver.createOutputTopic(t, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
                if (out.isEmpty()) {
                    continue;
                }
                List<byte[]> values = out.readValuesToList();
                if (topic.equals(topics.alerts())) {
                    alerts.addAll(values);
                } else if (topic.equals(topics.deadLetters())) {
                    values.forEach(this::deadLetter);
                }
            }
        }
    }
}
