package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.corpora.ClientLabel;
import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.QuarryRuntime;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP collector on the real application and a real broker: a logit-bias extractor's traffic
 * posted as NDJSON batches (one of them gzipped, one with a broken line) is detected as if it had
 * been published to the topic, the broken line is a dead letter whose source names the token and
 * request, and the collector refuses what it must: no token, a reading role's token, an unknown
 * format, a body over the limit, an OTLP body of another media type.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CollectorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = DemoApps.tempDir("quarry-collector-");
    private static final DropwizardAppExtension<QuarryConfiguration> APP = DemoApps.demo(DIR,
            ConfigOverride.config("collector.maxBodySize", "2MiB"));
    private static final CorpusSpec SPEC = CorpusSpec.empty(11, CorpusSpec.DEFAULT_START, CorpusSpec.DEFAULT_DURATION)
            .withCount(ArchetypeKind.LOGIT_BIAS_EXTRACTOR, 1);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();


    @Test
    void trafficPostedToTheCollectorIsDetectedAndABrokenLineIsADeadLetter() throws Exception {
        QuarryRuntime live = APP.<QuarryApplication>getApplication().runtime();
        assertTrue(live.detection().awaitRunning(Duration.ofMinutes(2)));
        TrafficGenerator generator = new TrafficGenerator(SPEC);
        String extractor = generator.labels().stream().map(ClientLabel::clientId).findFirst().orElseThrow();
        long processedBefore = live.counters().eventsProcessed();

        long posted = 0;
        int batchNo = 0;
        Iterator<InferenceEvent> events = generator.events();
        while (events.hasNext()) {
            StringBuilder batch = new StringBuilder();
            int n = 0;
            for (; n < 500 && events.hasNext(); n++) {
                batch.append(EventJson.toJsonLine(events.next())).append('\n');
            }
            boolean broken = batchNo == 0;
            if (broken) {
                batch.append("{\"schema_version\": 1, \"event_id\": \"cut-short\n");
            }
            boolean gzip = batchNo == 1;
            HttpResponse<String> response = post("/ingest/contract", Role.INGEST, "application/x-ndjson",
                    batch.toString().getBytes(StandardCharsets.UTF_8), gzip);
            assertEquals(200, response.statusCode(), response::body);
            JsonNode counts = JSON.readTree(response.body());
            assertEquals(n, counts.get("accepted").asLong(), response::body);
            assertEquals(broken ? 1 : 0, counts.get("dead_letters").asLong(), response::body);
            posted += n;
            batchNo++;
        }
        assertTrue(batchNo >= 2, "the corpus fills at least two batches: " + posted + " events");

        long expected = processedBefore + posted;
        DemoApps.awaitTrue("the topology processed every posted event", Duration.ofMinutes(5),
                () -> live.counters().eventsProcessed() >= expected);
        DemoApps.awaitTrue("the extractor is detected", Duration.ofMinutes(1),
                () -> live.store().client(extractor).alerts().stream().anyMatch(a -> a.severity().isDetection()));

        List<ConsumerRecord<byte[], byte[]>> deadLetters = readAll(live.bootstrapServers(), live.topics().deadLetters());
        List<JsonNode> ours = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
            JsonNode d = JSON.readTree(r.value());
            if (d.path("source").asText().startsWith("collector:ingest:contract:")) {
                ours.add(d);
            }
        }
        assertEquals(1, ours.size(), ours::toString);
        assertTrue(ours.get(0).get("source").asText().endsWith(":501"), "the line of the batch: " + ours);
        assertTrue(ours.get(0).get("reason").asText().contains("JSON"), ours::toString);

        String prometheus = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        long accepted = posted;
        assertTrue(prometheus.lines().anyMatch(l -> l.equals("quarry_collector_accepted_total " + accepted + ".0")),
                () -> prometheus.lines().filter(l -> l.startsWith("quarry_collector")).toList().toString());
        assertTrue(prometheus.lines().anyMatch(l -> l.equals("quarry_collector_dead_letters_total 1.0")));
    }

    @Test
    void theCollectorRefusesWhatItMust() throws Exception {
        byte[] line = "{}\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(401, post("/ingest/contract", null, "application/x-ndjson", line, false).statusCode());
        for (Role reader : List.of(Role.VIEWER, Role.ANALYST, Role.ADMIN)) {
            assertEquals(403, post("/ingest/contract", reader, "application/x-ndjson", line, false).statusCode(), reader::toString);
        }
        assertEquals(404, post("/ingest/no-such-format", Role.INGEST, "application/x-ndjson", line, false).statusCode());
        assertEquals(404, post("/api/alerts", Role.INGEST, "application/json", line, false).statusCode());
        byte[] big = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        assertEquals(413, post("/ingest/contract", Role.INGEST, "application/x-ndjson", big, false).statusCode());
        assertEquals(413, post("/ingest/contract", Role.INGEST, "application/x-ndjson", big, true).statusCode(),
                "the limit holds after decompression too");
        HttpResponse<String> otlp = post("/v1/traces", Role.INGEST, "text/plain", line, false);
        assertEquals(415, otlp.statusCode());
        assertEquals(3, JSON.readTree(otlp.body()).get("code").asInt(), "OTLP errors are google.rpc.Status: " + otlp.body());
        HttpResponse<String> garbage = post("/v1/traces", Role.INGEST, "application/x-protobuf",
                new byte[] {(byte) 0xff, 0x01, 0x02}, false);
        assertEquals(400, garbage.statusCode(), garbage::body);
        assertTrue(JSON.readTree(garbage.body()).get("message").asText().startsWith("not OTLP protobuf"), garbage::body);
        assertEquals(404, post("/ingest/otlp", Role.INGEST, "application/x-ndjson", line, false).statusCode(),
                "OTLP comes in on /v1/traces");
    }

    private HttpResponse<String> post(String path, Role role, String contentType, byte[] body, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + APP.<QuarryApplication>getApplication().runtime().collector().port() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType);
        if (role != null) {
            request.header("Authorization", TestTokens.bearer(role));
        }
        if (gzip) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
                out.write(body);
            }
            body = zipped.toByteArray();
            request.header("Content-Encoding", "gzip");
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "collector-it-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && (out.isEmpty() || emptyPolls < 3)) {
                var records = consumer.poll(Duration.ofMillis(500));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                records.forEach(out::add);
            }
        }
        return out;
    }

}
