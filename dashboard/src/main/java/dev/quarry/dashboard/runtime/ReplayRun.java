package dev.quarry.dashboard.runtime;

import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.spi.EmbeddedBroker;
import dev.quarry.dashboard.spi.EmbeddedBrokerFactory;
import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.privacy.Privacy;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.suppression.Suppression;
import dev.quarry.detectors.suppression.Suppressions;
import dev.quarry.detectors.watermark.WatermarkChecks;
import dev.quarry.ingest.ContractFormat;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.ParseResult;
import dev.quarry.ingest.RecordFormat;
import dev.quarry.ingest.RecordFormats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Offline replay of log files through the live topology: the files are read in event-time order,
 * processed by the same {@link QuarryTopology} as the live path, and the alerts and dead letters
 * read from its output topics once every record has been processed. Because detectors depend only
 * on each client's events in order, the alerts equal those of the live path.
 *
 * <p>Two engines run the topology ({@code kafka.replay.engine}): {@code direct} ({@link DirectReplay})
 * in this process without a broker, by default when no cluster is named, and {@code broker},
 * described here. Both read the files through one {@link ReplayFeed}. On a broker the records
 * are sent to a run-specific events topic keyed by client id (as a gateway would) and read back by
 * a {@code KafkaStreams} instance. It uses the configured cluster, or when none is configured an
 * {@link EmbeddedBroker} of the development kit (the production class path has none: the run then
 * fails, naming the key to set). Topic names and the application id carry a run id, so a replay
 * never mixes with live traffic.
 *
 * <p>Suppressions: a run applies none, unless it is given a list (the JSON of
 * {@code GET /api/suppressions}), which it writes to its own suppressions topic before the
 * topology starts. The topology then applies them as the live one does, by the events' time, so
 * replay and live agree when given the same list. Not thread-safe: one run per instance.
 */
public final class ReplayRun {
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(3);
    private final QuarryConfiguration config;
    private final Consumer<String> progress;

    /** @param progress receives progress lines (every two seconds) and the end of the run */
    public ReplayRun(QuarryConfiguration config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    /**
     * What a replay produced. Alerts are every published version, ordered by (ts, id, version).
     * {@code linesRead} counts records: a line of a converted format may hold several (an OTLP
     * request) and is counted once per record it yields; {@code skipped} records (not inference
     * calls) are not among them. {@code formats} is each file's format, in the order given.
     */
    public record Result(long linesRead, long validEvents, long invalidRecords, long duplicates, long blankLines,
            long outOfOrder, List<Alert> alerts, List<String> deadLetters, Duration elapsed, long skipped,
            List<String> formats) {

        /** The last version of each alert. */
        public List<Alert> finalAlerts() {
            Map<String, Alert> last = new LinkedHashMap<>();
            for (Alert a : alerts) {
                last.merge(a.alertId(), a, (x, y) -> y.version() > x.version() ? y : x);
            }
            return new ArrayList<>(last.values());
        }

        /** Final alerts counted by severity. */
        public Map<Severity, Long> alertsBySeverity() {
            Map<Severity, Long> counts = new EnumMap<>(Severity.class);
            for (Severity s : Severity.values()) {
                counts.put(s, 0L);
            }
            finalAlerts().forEach(a -> counts.merge(a.severity(), 1L, Long::sum));
            return counts;
        }

        /** Valid events per second of wall time, from the first record sent to the last processed. */
        public double eventsPerSecond() {
            return validEvents / Math.max(1e-3, elapsed.toNanos() / 1e9);
        }
    }

    /** Replays contract-format files without suppressions. */
    public Result run(List<Path> files) throws IOException, InterruptedException {
        return run(files, Suppressions.none());
    }

    /** Replays contract-format files with these suppressions in force. */
    public Result run(List<Path> files, Suppressions suppressions) throws IOException, InterruptedException {
        return run(files, suppressions, ContractFormat.NAME);
    }

    /**
     * Replays the files, each read in {@code format} ({@value RecordFormats#AUTO}: detected per
     * file from its first records), with these suppressions in force. Events of converted formats
     * go to the events topic as contract JSON; their dead letters go straight to the dead-letter
     * topic, with the source record.
     */
    public Result run(List<Path> files, Suppressions suppressions, String format) throws IOException, InterruptedException {
        RecordFormats registry = config.ingest().recordFormats(new EventParser(config.detection().deadLetterRawChars()));
        List<RecordFormat> formats = new ArrayList<>(files.size());
        for (Path f : files) {
            formats.add(RecordFormats.AUTO.equals(format) ? registry.detect(f) : registry.get(format));
        }
        if (config.kafka().replay().direct(!config.kafka().embedded())) {
            return new DirectReplay(config, progress).run(files, formats, suppressions);
        }
        return onBroker(files, formats, suppressions);
    }

    private Result onBroker(List<Path> files, List<RecordFormat> formats, Suppressions suppressions)
            throws IOException, InterruptedException {
        String runId = Long.toString(System.currentTimeMillis(), 36) + "-" + UUID.randomUUID().toString().substring(0, 8);
        TopicNames topics = new TopicNames("quarry.replay." + runId + ".events",
                "quarry.replay." + runId + ".dlq", "quarry.replay." + runId + ".alerts")
                .suppressions("quarry.replay." + runId + ".suppressions")
                .peerStats("quarry.replay." + runId + ".peer-stats");
        EmbeddedBroker embedded = config.kafka().embedded() ? EmbeddedBrokerFactory.installed()
                .orElseThrow(() -> new IllegalStateException("kafka.bootstrapServers is empty and this class path "
                        + "has no embedded broker (the development kit, test-corpora, provides one): name a cluster"))
                .start() : null;
        String bootstrap = embedded != null ? embedded.bootstrapServers() : config.kafka().bootstrapServers();
        KafkaClients clients = embedded != null ? KafkaClients.of(bootstrap) : KafkaClients.of(bootstrap, config.kafka());
        TemporaryDirectories temporary = new TemporaryDirectories();
        WatermarkChecks watermark = WatermarkChecks.off();
        QuarryTopology topology = null;
        try {
            try (TopicAdmin admin = TopicAdmin.connect(clients)) {
                // Replayed logs carry old event times: without retention.ms=-1 the broker would
                // delete their segments (older than its retention) before the topology reads them.
                short replication = embedded != null ? 1 : config.kafka().replicationFactor();
                admin.createMissing(topics.withPartitions(config.kafka().partitions()), replication,
                        Map.of("retention.ms", "-1"));
                admin.createMissing(Map.of(topics.suppressions(), 1), replication,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            // Written before the topology starts: its global store reads them before the first event.
            writeSuppressions(clients, topics.suppressions(), suppressions);
            PipelineCounters counters = new PipelineCounters();
            // A replay's state never mixes with a live topology's, even where a state dir is configured.
            Properties props = StreamsSettings.replayProperties(config.kafka(), bootstrap, "quarry-replay-" + runId,
                    temporary.create("quarry-replay-state-").toString());
            watermark = WatermarkChecks.from(config.watermark());
            topology = new QuarryTopology(config.detection(), topics, counters,
                    new QuarryTopology.Inputs(config.kafka().partitions(), config.reference().open(config.kafka().stateDir()), watermark)
                            .withPrivacy(Privacy.of(config.privacy())));
            KafkaStreams streams = new KafkaStreams(topology.build(config.kafka().replay().changelogs()), props);
            streams.start();
            awaitRunning(streams);
            long start = System.nanoTime();
            ReplayFeed.Totals read;
            String compression = config.kafka().replay().compressionType();
            try (EventPublisher publisher = new EventPublisher(clients, topics.events(), compression);
                    EventPublisher deadLetters = new EventPublisher(clients, topics.deadLetters(), compression)) {
                read = ReplayFeed.feed(files, formats, new ReplayFeed.Sink() {
                    @Override
                    public void event(String clientId, byte[] value, long ts, String source, ParseResult.Valid parsed) {
                        publisher.send(clientId, value, ts, source);
                    }

                    @Override
                    public void invalidLine(byte[] value, long ts, String source) {
                        publisher.send(null, value, ts, source);
                    }

                    @Override
                    public void deadLetter(byte[] deadLetter, long ts, String source) {
                        deadLetters.send(null, deadLetter, ts, source);
                    }

                    @Override
                    public void progress(long lines) {
                        report(lines, counters, start);
                    }
                });
                publisher.flush();
                deadLetters.flush();
            }
            long lines = read.lines();
            long valid = read.valid();
            awaitProcessed(counters, read.sent(), valid, start);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            streams.close(Duration.ofSeconds(60));
            List<Alert> alerts = new ArrayList<>();
            for (byte[] value : readAll(clients, topics.alerts())) {
                alerts.add(AlertJson.fromBytes(value));
            }
            alerts.sort(Comparator.comparingLong(Alert::ts).thenComparing(Alert::alertId).thenComparingInt(Alert::version));
            List<String> deadLetters = new ArrayList<>();
            for (byte[] value : readAll(clients, topics.deadLetters())) {
                deadLetters.add(new String(value, StandardCharsets.UTF_8));
            }
            return new Result(lines, valid, lines - valid, counters.duplicates(), read.blankLines(), read.outOfOrder(),
                    alerts, deadLetters, elapsed, read.skipped(), formats.stream().map(RecordFormat::name).toList());
        } finally {
            if (topology != null) {
                topology.close();
            }
            watermark.close();
            if (embedded != null) {
                embedded.close();
            }
            temporary.stop();
        }
    }

    private void writeSuppressions(KafkaClients clients, String topic, Suppressions suppressions) {
        if (suppressions.isEmpty()) {
            return;
        }
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(clients.producer(), new StringSerializer(),
                new ByteArraySerializer())) {
            for (Suppression s : suppressions.all()) {
                p.send(new ProducerRecord<>(topic, s.id(), Suppressions.toBytes(s)));
            }
            p.flush();
        }
        progress.accept(String.format("  %d suppression(s) in force", suppressions.size()));
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()) {
                throw new IllegalStateException("the replay topology did not start: " + streams.state());
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until the client step has every record and the steps behind its repartitions (clusters,
     * dataset split, watermark health) have processed every message it sent them: closing the
     * streams earlier would drop the cluster alerts of the last messages. Once the client step is
     * done it ends the input ({@link PipelineCounters#endInput}), so that the cluster side releases
     * the messages it holds for ordering.
     */
    private void awaitProcessed(PipelineCounters counters, long lines, long valid, long start) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long lastSeen = -1;
        long lastReport = System.nanoTime();
        while (counters.recordsRead() < lines || counters.eventsProcessed() + counters.duplicates() < valid
                || counters.sideMessagesPending() > 0) {
            if (counters.recordsRead() >= lines && counters.eventsProcessed() + counters.duplicates() >= valid) {
                // The client step has every event: each of its partitions now tells the cluster
                // side, which releases what it holds for ordering.
                counters.endInput();
            }
            long seen = counters.recordsRead() + counters.eventsProcessed() + counters.sideMessagesPending();
            if (seen != lastSeen) {
                lastSeen = seen;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                throw new IllegalStateException("replay stalled: " + counters.snapshot() + " of " + lines + " lines");
            }
            if (System.nanoTime() - lastReport > 2_000_000_000L) {
                lastReport = System.nanoTime();
                report(lines, counters, start);
            }
            Thread.sleep(20);
        }
    }

    private void report(long lines, PipelineCounters counters, long start) {
        double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        progress.accept(String.format("  sent %,d lines, processed %,d events (%,.0f events/s), %,d dead letters, %,d alert versions",
                lines, counters.eventsProcessed(), counters.eventsProcessed() / secs, counters.deadLetters(),
                counters.alertsPublished()));
    }

    /** Every committed record of a topic, partition by partition. */
    static List<byte[]> readAll(KafkaClients clients, String topic) {
        Properties p = new Properties();
        p.putAll(clients.consumer());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(parts));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }
}
