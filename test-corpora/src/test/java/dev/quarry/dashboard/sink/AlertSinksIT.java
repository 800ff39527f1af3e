package dev.quarry.dashboard.sink;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.corpora.broker.EmbeddedKafka;
import dev.quarry.dashboard.runtime.KafkaClients;
import dev.quarry.dashboard.runtime.TopicAdmin;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sinks on a real broker: alert versions written to the alerts topic in transactions reach a
 * webhook receiver (a real HTTP server on 127.0.0.1) signed, once each, after a 500 that makes
 * the sink retry, and again once each after the sinks restart in their consumer groups; versions
 * below the sink's severity, unreadable records and versions of an aborted transaction are not
 * delivered; a sink that starts at {@code latest} delivers no history, only what was published after
 * its first start, including while it was stopped; a receiver that is down costs its own sink bounded attempts and dead letters while
 * the others deliver; the OCSF sink writes a finding per version to its topic.
 */
class AlertSinksIT {
    private static final String ALERTS = "quarry.alerts.sinks-it";
    private static final String DEAD_LETTERS = "quarry.sinks.dlq.sinks-it";
    private static final String OCSF = "quarry.ocsf.sinks-it";
    private static final String SECRET = "it-webhook-secret-42";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        try (TopicAdmin admin = TopicAdmin.connect(kafka.bootstrapServers())) {
            admin.createMissing(Map.of(ALERTS, 2, DEAD_LETTERS, 1, OCSF, 1), (short) 1);
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void aWebhookReceiverGetsEachAlertVersionOnceSignedAcrossARestart() throws Exception {
        try (LocalReceiver webhook = LocalReceiver.start(); LocalReceiver down = LocalReceiver.start();
                LocalReceiver fresh = LocalReceiver.start()) {
            webhook.answerNext(500); // the first attempt fails: the sink must try again
            down.answerAlways(503);
            SinksSettings settings = new SinksSettings().groupPrefix("it-sink-").deadLetterTopic(DEAD_LETTERS)
                    .destinations(List.of(
                            sink("soc", SinkType.WEBHOOK).url(webhook.url("/quarry")).secret(SECRET).startFrom("earliest"),
                            sink("down", SinkType.WEBHOOK).url(down.url("/quarry")).secret(SECRET).maxAttempts(2)
                                    .startFrom("earliest"),
                            sink("siem", SinkType.OCSF).topic(OCSF).minSeverity(Severity.LOW).startFrom("earliest"),
                            // startFrom latest (the default): none of the versions published before its first start
                            sink("fresh", SinkType.WEBHOOK).url(fresh.url("/quarry")).secret(SECRET)));
            MetricRegistry metrics = new MetricRegistry();

            publish(List.of(
                    anAlert("al-1").version(1).severity(Severity.MEDIUM).build(),
                    anAlert("al-1").version(2).severity(Severity.HIGH).build(),
                    anAlert("al-2").version(1).severity(Severity.LOW).build(),
                    anAlert("al-3").version(1).severity(Severity.CRITICAL).client("acct-3").build()));
            publishAborted(anAlert("al-aborted").severity(Severity.CRITICAL).build());
            publishRaw("{not an alert");

            AlertSinks first = AlertSinks.of(settings, KafkaClients.of(kafka.bootstrapServers()), ALERTS, metrics,
                    Clock.systemUTC());
            start(first);
            try {
                await("3 versions accepted, the down sink done, the fresh sink placed", () -> webhook.accepted().size() == 3
                        && count(metrics, "down", "failed") == 3 && count(metrics, "siem", "delivered") == 4
                        && committedPartitions("it-sink-fresh") == 2);
            } finally {
                stop(first);
            }
            assertEquals(1, count(metrics, "soc", "retries"), "one retry after the 500");
            assertEquals(1, count(metrics, "soc", "skipped"), "al-2 is low");
            assertEquals(1, count(metrics, "soc", "unreadable"));
            assertEquals(3, count(metrics, "down", "retries"), "maxAttempts 2: one retry for each of 3 versions");
            assertEquals(List.of(), fresh.requests(), "a new group starting at latest delivers no history");

            publish(List.of(anAlert("al-1").version(3).severity(Severity.CRITICAL).build(),
                    anAlert("al-4").version(1).severity(Severity.HIGH).build()));
            AlertSinks restarted = AlertSinks.of(settings, KafkaClients.of(kafka.bootstrapServers()), ALERTS,
                    new MetricRegistry(), Clock.systemUTC());
            start(restarted);
            try {
                await("5 versions accepted", () -> webhook.accepted().size() >= 5 && fresh.accepted().size() >= 2);
                Thread.sleep(1500); // a repeat, if any, would come now
            } finally {
                stop(restarted);
            }

            List<LocalReceiver.Request> accepted = webhook.accepted();
            List<String> keys = accepted.stream().map(r -> r.header("Idempotency-Key")).toList();
            assertEquals(Set.of("al-1:1", "al-1:2", "al-3:1", "al-1:3", "al-4:1"), Set.copyOf(keys));
            assertEquals(5, keys.size(), "a version delivered twice: " + keys);
            WebhookSignature signature = WebhookSignature.withSecret(SECRET);
            long now = System.currentTimeMillis() / 1000;
            for (LocalReceiver.Request r : accepted) {
                assertTrue(signature.verify(r.header(WebhookSignature.HEADER), r.body(), now, 300), r.headers().toString());
                Alert alert = AlertJson.fromJson(r.body());
                assertEquals(alert.alertId() + ":" + alert.version(), r.header("Idempotency-Key"));
            }
            assertEquals(6, webhook.requests().size(), "5 deliveries and the one that got a 500");
            assertEquals(2 * 5, down.requests().size(), "2 attempts for each of 5 versions at or above medium");

            assertEquals(Set.of("al-1:3", "al-4:1"), fresh.accepted().stream().map(r -> r.header("Idempotency-Key"))
                    .collect(Collectors.toSet()), "what was published while it was stopped");
            assertEquals(2, fresh.requests().size());

            List<JsonNode> letters = read(DEAD_LETTERS);
            Map<String, Long> bySink = letters.stream().collect(Collectors.groupingBy(l -> l.get("sink").asText(),
                    Collectors.counting()));
            assertEquals(Map.of("soc", 1L, "down", 6L, "siem", 1L), bySink, letters.toString()); // fresh: no unreadable
            JsonNode gaveUp = letters.stream().filter(l -> l.get("sink").asText().equals("down")
                    && l.get("attempts").asInt() == 2).findFirst().orElseThrow();
            assertTrue(gaveUp.get("reason").asText().startsWith("gave up after 2 attempts: down: HTTP 503"), gaveUp.toString());
            assertEquals(ALERTS, gaveUp.at("/source/topic").asText());

            Set<String> findings = new HashSet<>();
            read(OCSF).forEach(f -> findings.add(f.at("/metadata/uid").asText()));
            assertEquals(Set.of("al-1:1", "al-1:2", "al-2:1", "al-3:1", "al-1:3", "al-4:1"), findings);
        }
    }

    private static SinkSettings sink(String name, SinkType type) {
        return new SinkSettings().name(name).type(type).timeout(Duration.ofSeconds(5))
                .baseDelay(Duration.ofMillis(50)).maxDelay(Duration.ofMillis(200));
    }

    private static void start(AlertSinks sinks) {
        sinks.runners().forEach(SinkRunner::start);
    }

    private static void stop(AlertSinks sinks) throws InterruptedException {
        for (SinkRunner r : sinks.runners()) {
            r.stop();
        }
    }

    /** Partitions of the alerts topic for which {@code group} has committed an offset. */
    private static int committedPartitions(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            return (int) admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().keySet().stream()
                    .filter(tp -> tp.topic().equals(ALERTS)).count();
        } catch (Exception e) {
            return 0;
        }
    }

    private static long count(MetricRegistry metrics, String sink, String counter) {
        return metrics.counter("quarry.sink." + sink + "." + counter).getCount();
    }

    /** Each alert in its own committed transaction, keyed by alert id as the topology writes them. */
    private static void publish(List<Alert> alerts) {
        try (KafkaProducer<String, byte[]> p = transactional()) {
            for (Alert a : alerts) {
                p.beginTransaction();
                p.send(new ProducerRecord<>(ALERTS, a.alertId(), AlertJson.toBytes(a)));
                p.commitTransaction();
            }
        }
    }

    private static void publishAborted(Alert alert) {
        try (KafkaProducer<String, byte[]> p = transactional()) {
            p.beginTransaction();
            p.send(new ProducerRecord<>(ALERTS, alert.alertId(), AlertJson.toBytes(alert)));
            p.flush();
            p.abortTransaction();
        }
    }

    private static void publishRaw(String text) {
        try (KafkaProducer<String, byte[]> p = transactional()) {
            p.beginTransaction();
            p.send(new ProducerRecord<>(ALERTS, "junk", text.getBytes(StandardCharsets.UTF_8)));
            p.commitTransaction();
        }
    }

    private static KafkaProducer<String, byte[]> transactional() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sinks-it-" + System.nanoTime());
        KafkaProducer<String, byte[]> p = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        p.initTransactions();
        return p;
    }

    /** Every record of a topic, as JSON. */
    private static List<JsonNode> read(String topic) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    out.add(JSON.readTree(r.value()));
                }
            }
        }
        return out;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }
}
