package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.runtime.PublishCommand;
import dev.quarry.dashboard.runtime.ReplayRun;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.ingest.ContractFormat;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.text.StringSubstitutor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live path's exactly-once promise, with every part in a process of its own: the broker
 * ({@code bin/quarry broker}), the server ({@code bin/quarry server config.yml} on the production
 * class path) and a publisher sending a generated corpus at a steady rate, with the contract's
 * invalid example lines spread through it. Mid-stream the server is killed with SIGKILL twice
 * (and restarted each time), or the broker is stopped and started again; once the topology has
 * caught up, the result must be what an undisturbed run gives:
 * <ul>
 *   <li>every client's final severity at {@code medium} and above on {@code quarry.alerts}
 *       (read_committed) equals the offline replay's of the same corpus;</li>
 *   <li>no {@code (alert_id, version)} twice, neither on {@code quarry.alerts} nor in the alert
 *       store (its REST API), and the store holds every version the topic holds;</li>
 *   <li>{@code quarry.events.dlq} (read_committed) holds one dead letter per invalid line;</li>
 *   <li>and more strictly: every alert version on {@code quarry.alerts} equals the replay's, field
 *       for field ({@code events_seen} and {@code trigger_event_id} among them).</li>
 * </ul>
 * Progress is watched on the topology's committed offsets, read with Kafka's admin client.
 */
class CrashRecoveryIT {
    private static final String ADMIN_TOKEN = "crash-recovery-it-token";
    private static final String APPLICATION_ID = "quarry-crash-it";
    private static final String EVENTS = "quarry.events";
    private static final String DEAD_LETTERS = "quarry.events.dlq";
    private static final String ALERTS = "quarry.alerts";
    /**
     * Events per second the publisher sends: the stream lasts about a minute, so that it still
     * flows after the first restart (12 s on an idle 2-core machine, 30 s beside other builds).
     */
    private static final double RATE = 40;
    /** Each of the contract's invalid example lines goes this many times into the corpus. */
    private static final int INVALID_ROUNDS = 3;
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(3);
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static CompletableFuture<ReplayRun.Result> replayed;
    private static byte[] replayedCorpus;

    @Test
    void serverKilledTwiceMidStreamEndsWithTheReplaysAlertsOnce(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir)
            throws Exception {
        withRunningServer(dir, "server killed twice", (corpus, broker, admin, configuration, server) -> {
            CompletableFuture<ReplayRun.Result> replay = replay(configuration, corpus);
            CompletableFuture<PublishCommand.Summary> publish = publish(configuration, corpus);

            long first = awaitCommitted(admin, corpus.records() / 8, corpus, server);
            server.kill();
            log("SIGKILL 1 at %,d of %,d records committed", first, corpus.records());
            server.start();
            log("server running again");
            long second = awaitCommitted(admin, Math.max(first + corpus.records() / 10, corpus.records() * 3 / 10),
                    corpus, server);
            assertTrue(second < corpus.records(), "the second kill came after the stream had ended: publish slower");
            server.kill();
            log("SIGKILL 2 at %,d of %,d records committed", second, corpus.records());
            server.start();
            log("server running again");

            assertPublished(publish.join(), corpus);
            awaitCaughtUp(admin, server);
            assertOutcome(broker.bootstrapServers(), corpus, replay.join(), server);
        });
    }

    @Test
    void brokerRestartUnderLoadLosesAndDoublesNothing(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir)
            throws Exception {
        withRunningServer(dir, "broker restarted", (corpus, broker, admin, configuration, server) -> {
            CompletableFuture<PublishCommand.Summary> publish = publish(configuration, corpus);

            // On the published count, not the committed one: on a loaded machine the topology can
            // fall so far behind that the stream has ended before it commits a third of it.
            long atStop = awaitPublished(admin, corpus.records() / 3, server);
            long committedAtStop = committed(admin, APPLICATION_ID, EVENTS);
            assertFalse(publish.isDone(), "the stream ended before the broker stopped: publish slower");
            broker.stop();
            log("broker stopped (SIGTERM) at %,d of %,d records published, %,d committed", atStop, corpus.records(),
                    committedAtStop);
            broker.start();
            log("broker started again");

            assertPublished(publish.join(), corpus);
            awaitCaughtUp(admin, server);
            // The replay needs the broker; here it runs after the restart, unless the other test has run it.
            assertOutcome(broker.bootstrapServers(), corpus, replay(configuration, corpus).join(), server);
        });
    }

    /** What a test does once the broker and the server run and the corpus is written. */
    private interface Scenario {
        void run(Corpus corpus, BrokerProcess broker, Admin admin, QuarryConfiguration configuration,
                ServerProcess server) throws Exception;
    }

    /**
     * Writes the corpus, starts the broker and the server on the shipped configuration (kept in
     * {@code dir} with the processes' logs), runs the scenario and stops everything.
     */
    private static void withRunningServer(Path dir, String name, Scenario scenario) throws Exception {
        long started = System.nanoTime();
        log("in %s (kept when the test fails: the processes' logs are there)", dir);
        Corpus corpus = Corpus.write(dir.resolve("events.jsonl"));
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("kafka"), dir);
                Admin admin = admin(broker.bootstrapServers())) {
            log("broker ready at %s", broker.bootstrapServers());
            ServerConfig config = ServerConfig.write(dir, broker.bootstrapServers());
            QuarryConfiguration configuration = load(config.file());
            try (ServerProcess server = new ServerProcess(config.file(), config.port(), config.adminPort(), ADMIN_TOKEN,
                    dir)) {
                server.start();
                log("server running");
                scenario.run(corpus, broker, admin, configuration, server);
            }
        }
        log("%s: %.1f s", name, (System.nanoTime() - started) / 1e9);
    }

    /**
     * A small generated corpus in the event contract: a few chat users and a classifier app, two
     * logit-bias extractors, a bisection extractor and a templated distiller (about 2,500 events
     * over one hour of event time), with the contract's invalid example lines spread evenly
     * through it.
     *
     * @param records lines in the file, each a record on the events topic
     * @param invalid invalid lines among them, each a dead letter
     */
    private record Corpus(Path file, long records, int invalid) {
        static Corpus write(Path file) throws IOException {
            CorpusSpec spec = CorpusSpec.empty(11, CorpusSpec.DEFAULT_START, Duration.ofHours(1))
                    .withCount(ArchetypeKind.CHAT_USER, 8)
                    .withCount(ArchetypeKind.CLASSIFIER_APP, 1)
                    .withCount(ArchetypeKind.LOGIT_BIAS_EXTRACTOR, 2)
                    .withCount(ArchetypeKind.LOGIT_BISECTION_EXTRACTOR, 1)
                    .withCount(ArchetypeKind.TEMPLATED_DISTILLER, 1);
            List<String> lines = new ArrayList<>();
            for (Iterator<InferenceEvent> it = new TrafficGenerator(spec).events(); it.hasNext(); ) {
                lines.add(EventJson.toJsonLine(it.next()));
            }
            List<String> examples = Files.readAllLines(Path.of("..", "ingest", "src", "test", "resources", "contract",
                    "invalid.jsonl")).stream().filter(l -> !l.isBlank()).toList();
            List<String> invalid = new ArrayList<>();
            for (int round = 0; round < INVALID_ROUNDS; round++) {
                invalid.addAll(examples);
            }
            int valid = lines.size();
            // From the back, so that earlier insertion points stay where they were computed.
            for (int i = invalid.size() - 1; i >= 0; i--) {
                lines.add((int) ((long) (i + 1) * valid / (invalid.size() + 1)), invalid.get(i));
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
            log("corpus: %,d events and %d invalid lines", valid, invalid.size());
            return new Corpus(file, lines.size(), invalid.size());
        }
    }

    /**
     * The shipped {@code config.yml} with its {@code ${VAR:-default}} placeholders filled in for
     * this broker (two partitions per topic, so that a restart has partitions to hand out), one
     * stream thread, free ports and a state directory and alert store under {@code dir}. The
     * consumers' session timeout is 10 s instead of Kafka's 45 s: a killed instance's partitions
     * move to its successor after that long.
     */
    private record ServerConfig(Path file, int port, int adminPort) {
        static ServerConfig write(Path dir, String bootstrap) throws IOException {
            int port = FreePorts.one();
            int adminPort = FreePorts.one();
            Map<String, String> vars = new HashMap<>();
            vars.put("QUARRY_KAFKA_BOOTSTRAP", bootstrap);
            vars.put("QUARRY_APPLICATION_ID", APPLICATION_ID);
            vars.put("QUARRY_PORT", Integer.toString(port));
            vars.put("QUARRY_ADMIN_PORT", Integer.toString(adminPort));
            vars.put("QUARRY_COLLECTOR_PORT", "0");
            vars.put("QUARRY_COLLECTOR_HOST", "127.0.0.1");
            vars.put("QUARRY_PARTITIONS", "2");
            vars.put("QUARRY_REPLICATION_FACTOR", "1");
            vars.put("QUARRY_STREAM_THREADS", "1");
            vars.put("QUARRY_STATE_DIR", dir.resolve("streams").toString());
            vars.put("QUARRY_ALERT_DIR", dir.resolve("alerts").toString());
            String yaml = new StringSubstitutor(vars).replace(Files.readString(Path.of("..", "config.yml")));
            String properties = "  properties: {}\n";
            assertTrue(yaml.contains(properties), "config.yml has kafka.properties: {}");
            yaml = yaml.replace(properties, "  properties:\n    session.timeout.ms: \"10000\"\n");
            Path file = dir.resolve("config.yml");
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return new ServerConfig(file, port, adminPort);
        }
    }

    /** Loads a configuration file as {@code bin/quarry} does. */
    private static QuarryConfiguration load(Path config) throws Exception {
        QuarryApplication app = new QuarryApplication();
        Bootstrap<QuarryConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        return QuarryApplication.configurationFactory(bootstrap).build(new FileConfigurationSourceProvider(), config.toString());
    }

    /**
     * {@code bin/quarry replay} of the corpus, in this JVM, on the same broker (on topics of its
     * own). Both tests write the same corpus (the generator is seeded), so one replay serves both.
     */
    private static synchronized CompletableFuture<ReplayRun.Result> replay(QuarryConfiguration config, Corpus corpus)
            throws IOException {
        byte[] content = Files.readAllBytes(corpus.file());
        if (replayed == null || !Arrays.equals(replayedCorpus, content)) {
            replayedCorpus = content;
            replayed = CompletableFuture.supplyAsync(() -> {
                try {
                    ReplayRun.Result r = new ReplayRun(config, line -> { }).run(List.of(corpus.file()));
                    log("replay: %,d valid events, %,d invalid, %,d alert versions", r.validEvents(), r.invalidRecords(),
                            r.alerts().size());
                    return r;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
        }
        return replayed;
    }

    /** {@code bin/quarry publish --rate RATE} of the corpus, in this JVM: an idempotent producer. */
    private static CompletableFuture<PublishCommand.Summary> publish(QuarryConfiguration config, Corpus corpus) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return PublishCommand.publish(config, List.of(corpus.file()), ContractFormat.NAME, RATE, QUIET);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    private static void assertPublished(PublishCommand.Summary s, Corpus corpus) {
        assertEquals(0, s.failures(), s::toString);
        assertEquals(corpus.records(), s.published(), s::toString);
        log("published %,d records in %.1f s", s.published(), s.seconds());
    }

    /**
     * Waits until the topology has committed at least {@code atLeast} records of the events
     * topic; returns how many it has. Fails when the server process ends or the stream ends first.
     */
    private static long awaitCommitted(Admin admin, long atLeast, Corpus corpus, ServerProcess server) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (true) {
            server.assertAlive();
            long committed = committed(admin, APPLICATION_ID, EVENTS);
            if (committed >= atLeast) {
                return committed;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the topology committed " + committed + " records, not " + atLeast
                        + ", within " + CATCH_UP_TIMEOUT + "\n" + server.logTail());
            }
            Thread.sleep(100);
        }
    }

    /**
     * Waits until the events topic holds at least {@code atLeast} records; returns how many it
     * holds. Fails when the server process ends first.
     */
    private static long awaitPublished(Admin admin, long atLeast, ServerProcess server) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (true) {
            server.assertAlive();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(EVENTS)).allTopicNames().get(30, TimeUnit.SECONDS).get(EVENTS).partitions()
                    .forEach(p -> latest.put(new TopicPartition(EVENTS, p.partition()), OffsetSpec.latest()));
            long published = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
            if (published >= atLeast) {
                return published;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(EVENTS + " holds " + published + " records, not " + atLeast + ", within "
                        + CATCH_UP_TIMEOUT);
            }
            Thread.sleep(100);
        }
    }

    /** Records of {@code topic} the group has committed, over all partitions. */
    private static long committed(Admin admin, String group, String topic) throws Exception {
        return offsets(admin, group).entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        m.forEach((tp, o) -> out.put(tp, o == null ? 0 : o.offset()));
        return out;
    }

    /**
     * Waits until the topology's group has no lag on any topic it reads (the events topic and its
     * repartition topics): every alert and dead letter is then on its topic.
     */
    private static void awaitCaughtUp(Admin admin, ServerProcess server) throws Exception {
        long start = System.nanoTime();
        awaitNoLag(admin, APPLICATION_ID, server);
        log("caught up %.1f s after the end of publishing", (System.nanoTime() - start) / 1e9);
    }

    private static void awaitNoLag(Admin admin, String group, ServerProcess server) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        Map<TopicPartition, Long> lag = Map.of();
        while (System.nanoTime() < deadline) {
            server.assertAlive();
            Map<TopicPartition, Long> committed = offsets(admin, group);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            // The last stable offset: records of open transactions are not lag yet.
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            lag = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
            for (TopicPartition tp : committed.keySet()) {
                long behind = ends.get(tp) - committed.get(tp);
                if (behind > 0) {
                    lag.put(tp, behind);
                }
            }
            if (!committed.isEmpty() && lag.isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(group + " still lags within " + CATCH_UP_TIMEOUT + ": " + lag + "\n" + server.logTail());
    }

    private static void assertOutcome(String bootstrap, Corpus corpus, ReplayRun.Result replay, ServerProcess server)
            throws Exception {
        assertEquals(corpus.invalid(), replay.invalidRecords(), "the replay's invalid records");
        Map<String, Severity> expected = detections(replay.finalAlerts());
        assertFalse(expected.isEmpty(), "the corpus has clients the replay flags at medium or above");

        List<ConsumerRecord<byte[], byte[]>> deadLetters = readCommitted(bootstrap, DEAD_LETTERS);
        assertEquals(corpus.invalid(), deadLetters.size(), "one dead letter per invalid line, read_committed");

        List<Alert> published = readCommitted(bootstrap, ALERTS).stream().map(r -> AlertJson.fromBytes(r.value())).toList();
        assertEquals(Map.of(), repeated(published.stream().map(CrashRecoveryIT::versionKey).toList()),
                "(alert_id, version) more than once on " + ALERTS);
        assertEquals(expected, detections(finalVersions(published)),
                "each client's final severity at medium or above, live vs replay");
        // Stronger: every alert version as the replay wrote it (events_seen and trigger_event_id
        // among its fields), so that no event was lost or counted twice on the way.
        assertEquals(json(replay.alerts()), json(published), "every alert version, live vs replay");

        // The alert store, through the API: every version the topic holds, each once. The alert
        // service reads the topic on its own (no consumer group to watch): wait until it has it all.
        Set<String> ids = published.stream().map(Alert::alertId).collect(Collectors.toCollection(TreeSet::new));
        Set<String> onTopic = new TreeSet<>(published.stream().map(CrashRecoveryIT::versionKey).toList());
        List<String> stored = storedVersions(server, ids);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!new TreeSet<>(stored).equals(onTopic) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            stored = storedVersions(server, ids);
        }
        assertEquals(Map.of(), repeated(stored), "(alert_id, version) more than once in the alert store");
        assertEquals(onTopic, new TreeSet<>(stored), "the store holds the versions of the topic");
        assertEquals(ids.size(), server.getJson("/api/alerts?limit=500").get("total").asInt(), "alerts in the store");
        log("%d alerts (%d versions), %d clients at medium or above: %s", ids.size(), published.size(), expected.size(),
                expected);
    }

    /** Every version the alert store holds of these alerts, as {@code "<alert_id> v<version>"}, in the order served. */
    private static List<String> storedVersions(ServerProcess server, Set<String> ids) throws Exception {
        List<String> stored = new ArrayList<>();
        for (String id : ids) {
            JsonNode history = server.getJsonOrNull("/api/alerts/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/history");
            if (history != null) {
                history.forEach(version -> stored.add(id + " v" + version.get("version").asInt()));
            }
        }
        return stored;
    }

    private static Set<String> json(List<Alert> alerts) {
        return alerts.stream().map(AlertJson::toJson).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String versionKey(Alert a) {
        return a.alertId() + " v" + a.version();
    }

    private static Map<String, Long> repeated(List<String> keys) {
        Map<String, Long> counts = keys.stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new,
                Collectors.counting()));
        counts.values().removeIf(n -> n == 1);
        return counts;
    }

    private static List<Alert> finalVersions(List<Alert> alerts) {
        Map<String, Alert> last = new HashMap<>();
        for (Alert a : alerts) {
            last.merge(a.alertId(), a, (x, y) -> y.version() > x.version() ? y : x);
        }
        return new ArrayList<>(last.values());
    }

    /** Each client's highest final severity at medium or above; a cluster alert speaks for its members. */
    private static Map<String, Severity> detections(List<Alert> finalAlerts) {
        Map<String, Severity> m = new TreeMap<>();
        for (Alert a : finalAlerts) {
            if (!a.severity().isDetection()) {
                continue;
            }
            List<String> clients = Subject.CLUSTER.equals(a.subject().kind()) ? a.subject().members()
                    : List.of(a.subject().key());
            clients.forEach(c -> m.merge(c, a.severity(), (x, y) -> x.compareTo(y) >= 0 ? x : y));
        }
        return m;
    }

    /** Every committed record of a topic, read to its end. */
    private static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }


    private static final long CLASS_LOADED = System.nanoTime();

    private static void log(String format, Object... args) {
        System.out.printf("CrashRecoveryIT %6.1f s: %s%n", (System.nanoTime() - CLASS_LOADED) / 1e9, String.format(format, args));
    }
}
