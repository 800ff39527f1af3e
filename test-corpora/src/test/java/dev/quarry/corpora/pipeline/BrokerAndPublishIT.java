package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.corpora.formats.LiteLlmPayloads;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.runtime.PublishCommand;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/quarry broker} as its own process and {@code publish} against it: the broker prints
 * its ready line on the port asked for; logs of two formats (the contract with a broken line, a
 * LiteLLM log with a broken record) reach the events topic keyed by client, the contract's broken
 * line as written and LiteLLM's as a dead letter; SIGTERM stops the broker within a minute; a new
 * start on the same directory still holds every record.
 */
class BrokerAndPublishIT {

    @Test
    void publishedLogsReachTheTopicAndOutliveABrokerRestart(@TempDir Path dir) throws Exception {
        int port = FreePorts.run(2);
        String bootstrap = "localhost:" + port;
        Path data = dir.resolve("kafka");

        List<InferenceEvent> events = new ArrayList<>();
        Iterator<InferenceEvent> it = new TrafficGenerator(CorpusSpec.empty(5, CorpusSpec.DEFAULT_START, Duration.ofHours(1))
                .withCount(ArchetypeKind.CHAT_USER, 3)).events();
        while (it.hasNext() && events.size() < 60) {
            events.add(it.next());
        }
        assertTrue(events.size() >= 10, "the generator made " + events.size() + " events");
        List<InferenceEvent> contract = events.subList(0, events.size() - 5);
        List<InferenceEvent> litellm = events.subList(events.size() - 5, events.size());
        Path contractFile = dir.resolve("events.jsonl");
        List<String> lines = new ArrayList<>(contract.stream().map(EventJson::toJsonLine).toList());
        lines.add("{\"schema_version\": 1, \"event_id\": \"cut");
        Files.write(contractFile, lines);
        Path litellmFile = dir.resolve("litellm.jsonl");
        List<String> payloads = new ArrayList<>(litellm.stream().map(LiteLlmPayloads::toJsonLine).toList());
        payloads.add(payloads.get(0).replace("\"startTime\"", "\"startTimeWas\""));
        Files.write(litellmFile, payloads);

        Process broker = startBroker(port, data, dir.resolve("broker-1.log"));
        try {
            try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("quarry.events", 2, (short) 1),
                        new NewTopic("quarry.events.dlq", 1, (short) 1))).all().get(1, TimeUnit.MINUTES);
            }
            QuarryConfiguration config = new QuarryConfiguration();
            config.kafka().bootstrapServers(bootstrap);
            PublishCommand.Summary s = PublishCommand.publish(config, List.of(contractFile, litellmFile), "auto", 0,
                    System.err);
            assertEquals(0, s.failures());
            assertEquals(contract.size() + 1 + litellm.size(), s.published(), s::toString);
            assertEquals(1, s.deadLetters(), "the LiteLLM record without startTime");
            assertEquals(List.of("contract", "litellm"), s.formats().stream().sorted().toList());

            List<ConsumerRecord<byte[], byte[]>> published = readAll(bootstrap, "quarry.events", (int) s.published());
            assertEquals(s.published(), published.size());
            Set<String> keys = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : published) {
                if (r.key() != null) {
                    keys.add(new String(r.key(), StandardCharsets.UTF_8));
                }
            }
            assertEquals(events.stream().map(InferenceEvent::clientId).collect(java.util.stream.Collectors.toSet()), keys);
            assertEquals(1, published.stream().filter(r -> r.key() == null).count(), "the broken contract line, unkeyed");
            assertEquals(1, readAll(bootstrap, "quarry.events.dlq", 1).size());
        } finally {
            stop(broker);
        }
        assertFalse(broker.isAlive(), "SIGTERM stopped the broker");

        Process again = startBroker(port, data, dir.resolve("broker-2.log"));
        try {
            assertEquals(contract.size() + 1 + litellm.size(), readAll(bootstrap, "quarry.events", contract.size() + 6).size(),
                    "the records outlive the restart");
        } finally {
            stop(again);
        }
    }

    /** Starts {@code broker} in its own JVM and waits for its ready line. */
    private static Process startBroker(int port, Path data, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), QuarryApplication.class.getName(),
                "broker", "--port", Integer.toString(port), "--dir", data.toString(), "--partitions", "2"));
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("broker ready: ")) {
                        return line;
                    }
                }
                return "exited: " + Files.readString(log);
            } catch (IOException e) {
                return e.toString();
            }
        });
        String line = ready.get(3, TimeUnit.MINUTES);
        assertEquals("broker ready: localhost:" + port, line);
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the broker did not stop within a minute of SIGTERM");
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "broker-it-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            // A little longer, to see any record beyond the expected ones.
            c.poll(Duration.ofSeconds(1)).forEach(out::add);
        }
        return out;
    }

}
