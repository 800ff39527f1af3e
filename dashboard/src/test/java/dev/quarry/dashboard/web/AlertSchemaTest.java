package dev.quarry.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.dashboard.triage.TriageChange;
import dev.quarry.dashboard.web.AlertStreamTest.EventStream;
import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.WatermarkTraffic;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.cluster.HydraTraffic;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.detectors.suppression.Suppression;
import dev.quarry.detectors.suppression.Suppressions;
import dev.quarry.detectors.watermark.WatermarkChecks;
import dev.quarry.fingerprint.watermark.GreenListScheme;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/alert.schema.json} against what the API serves. Crafted attack traffic (a logit-bias
 * sweep, a templated distiller, a 30-key hydra fleet, a model whose responses stop carrying the
 * watermark) runs through the real topology; every alert version it writes to {@code quarry.alerts}
 * is stored in the alert service as the application wires it and read back over HTTP. The schema is
 * read from {@code docs/}, so the documented schema and this test cannot drift apart.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AlertSchemaTest {
    private static final Path SCHEMA_FILE = Path.of("..", "docs", "alert.schema.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Suppression SUPPRESSED = new Suppression("sup_fleet_member", "key_hy00", null,
            List.of("hydra_cluster"), "", null, "analyst", 1L);

    @TempDir
    static Path dir;

    static final DropwizardAppExtension<AlertServiceTestConfiguration> APP = new DropwizardAppExtension<>(
            AlertServiceTestApp.class,
            ResourceHelpers.resourceFilePath("web/alert-service-test.yml"),
            ConfigOverride.config("indexDir", () -> dir.resolve("index").toString()));

    private static JsonSchema schema;
    /** Every alert version the topology wrote, in order. */
    private static List<Alert> published;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void publishTheAlertsOfAttackTraffic() throws IOException {
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(JSON.readTree(SCHEMA_FILE.toFile()));
        published = alertsOf(attackTraffic());
        AlertServiceTestApp app = APP.getApplication();
        published.forEach(app::publish);
    }

    @Test
    void theSchemaIsAValidDraft202012Schema() throws IOException {
        JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of(SpecVersion.VersionFlag.V202012.getId()));

        Set<ValidationMessage> errors = metaSchema.validate(JSON.readTree(SCHEMA_FILE.toFile()));

        assertTrue(errors.isEmpty(), errors::toString);
    }

    @Test
    void theTrafficRaisesClientClusterAndEndpointAlertsWithSeveralVersions() {
        Set<String> kinds = published.stream().map(a -> a.subject().kind()).collect(Collectors.toSet());
        Set<Severity> severities = published.stream().map(Alert::severity)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Severity.class)));
        Set<EvidenceGroup> groups = published.stream().flatMap(a -> a.detectors().stream())
                .map(DetectorFinding::group).collect(Collectors.toCollection(() -> EnumSet.noneOf(EvidenceGroup.class)));

        assertEquals(Set.of(Subject.CLIENT, Subject.CLUSTER, Subject.ENDPOINT), kinds);
        assertTrue(severities.containsAll(EnumSet.of(Severity.MEDIUM, Severity.CRITICAL)), severities::toString);
        assertTrue(groups.containsAll(EnumSet.of(EvidenceGroup.LOGIT_PROBING, EvidenceGroup.COORDINATION,
                EvidenceGroup.ENDPOINT_HEALTH, EvidenceGroup.TEMPLATES)), groups::toString);
        assertTrue(published.stream().anyMatch(a -> a.version() > 1), "an alert escalated");
    }

    @Test
    void aSuppressedMemberIsMarkedInTheClustersAlertAndItsOwnAlertSaysWhatWasHeldBack() throws Exception {
        Alert cluster = published.stream().filter(a -> Subject.CLUSTER.equals(a.subject().kind())).reduce((a, b) -> b)
                .orElseThrow();
        Alert member = published.stream().filter(a -> a.subject().key().equals("key_hy00")).reduce((a, b) -> b)
                .orElseThrow();

        assertEquals(List.of("key_hy00"), cluster.suppressedMembers());
        assertTrue(cluster.severity().isDetection(), "the cluster alert still fires");
        assertEquals(Severity.LOW, member.severity());
        assertEquals("sup_fleet_member", member.suppressed().get(0).suppressionId());
        JsonNode served = get("/api/alerts/" + URLEncoder.encode(cluster.alertId(), StandardCharsets.UTF_8));
        assertEquals("key_hy00", served.at("/suppressed_members/0").asText());
        assertValid(served);
        assertValid(get("/api/alerts/" + URLEncoder.encode(member.alertId(), StandardCharsets.UTF_8)));
    }

    @Test
    void everyAlertOnTheAlertsPageMatchesTheSchema() throws Exception {
        JsonNode page = get("/api/alerts?limit=500");

        assertEquals(alertIds().size(), page.get("total").asInt());
        assertEquals(alertIds().size(), page.get("items").size());
        page.get("items").forEach(AlertSchemaTest::assertValid);
    }

    @Test
    void everyVersionOfEveryAlertMatchesTheSchema() throws Exception {
        int versions = 0;
        for (String id : alertIds()) {
            String path = "/api/alerts/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
            assertValid(get(path));
            for (JsonNode version : get(path + "/history")) {
                assertValid(version);
                versions++;
            }
        }
        assertEquals(published.size(), versions);
    }

    @Test
    void everyAlertOfEveryClientViewMatchesTheSchema() throws Exception {
        Set<String> clients = published.stream()
                .flatMap(a -> Subject.CLUSTER.equals(a.subject().kind()) ? a.subject().members().stream()
                        : Subject.CLIENT.equals(a.subject().kind()) ? Stream.of(a.subject().clientId())
                        : Stream.empty())
                .collect(Collectors.toCollection(TreeSet::new));
        int alerts = 0;
        for (String client : clients) {
            for (JsonNode alert : get("/api/clients/" + URLEncoder.encode(client, StandardCharsets.UTF_8)).get("alerts")) {
                assertValid(alert);
                alerts++;
            }
        }
        assertTrue(alerts >= clients.size(), "every client has its alerts: " + alerts);
    }

    @Test
    void everyAlertOnTheLiveFeedMatchesTheSchema() throws Exception {
        int expected = alertIds().size();
        try (EventStream stream = EventStream.open(http, uri("/api/alerts/stream?recent=" + expected))) {
            for (int i = 0; i < expected; i++) {
                Map<String, String> event = stream.nextEvent();
                assertEquals("alert", event.get("event"));
                JsonNode alert = JSON.readTree(event.get("data"));
                assertValid(alert);
                assertEquals(alert.get("alert_id").asText() + ":" + alert.get("version").asInt(), event.get("id"));
            }
        }
    }

    @Test
    void aTriagedAlertMatchesTheSchemaAndAnUnknownTriageStatusDoesNot() throws Exception {
        Alert newest = published.stream().max(Comparator.comparingInt(Alert::version)).orElseThrow();
        APP.<AlertServiceTestApp>getApplication().triage().change(newest,
                new TriageChange("investigating", "alice", "<i>seen</i>").validated(), "analyst");

        JsonNode alert = get("/api/alerts/" + URLEncoder.encode(newest.alertId(), StandardCharsets.UTF_8));

        assertEquals("investigating", alert.at("/triage/status").asText());
        assertValid(alert);
        get("/api/alerts?limit=500").get("items").forEach(AlertSchemaTest::assertValid);
        assertInvalid(alert, "triage status 'closed'", a -> ((ObjectNode) a.get("triage")).put("status", "closed"));
        assertInvalid(alert, "a triage without updated_by", a -> ((ObjectNode) a.get("triage")).remove("updated_by"));
    }

    @Test
    void failsAnAlertMissingAnyRequiredField() throws Exception {
        Map<String, JsonNode> examples = oneAlertOfEachKind();
        List<String> paths = new ArrayList<>(Arrays.asList("/alert_id", "/version", "/ts", "/first_ts", "/subject",
                "/severity", "/score", "/detectors", "/trigger_event_id", "/events_seen", "/summary", "/subject/kind",
                "/detectors/0/name", "/detectors/0/group", "/detectors/0/score", "/detectors/0/evidence"));
        for (Map.Entry<String, JsonNode> example : examples.entrySet()) {
            List<String> subjectFields = switch (example.getKey()) {
                case Subject.CLIENT -> List.of("/subject/client_id");
                case Subject.CLUSTER -> List.of("/subject/cluster_id", "/subject/members");
                default -> List.of("/subject/model");
            };
            for (String path : concat(paths, subjectFields)) {
                assertInvalid(example.getValue(), path + " removed", alert -> remove(alert, path));
            }
        }
    }

    @Test
    void failsAnUnknownSeverityOrEvidenceGroupOrSubjectKind() throws Exception {
        JsonNode alert = oneAlertOfEachKind().get(Subject.CLIENT);

        assertInvalid(alert, "severity 'severe'", a -> ((ObjectNode) a).put("severity", "severe"));
        assertInvalid(alert, "severity in upper case", a -> ((ObjectNode) a).put("severity", "HIGH"));
        assertInvalid(alert, "group 'volume'", a -> ((ObjectNode) a.at("/detectors/0")).put("group", "volume"));
        assertInvalid(alert, "kind 'account'", a -> ((ObjectNode) a.get("subject")).put("kind", "account"));
    }

    @Test
    void failsAWrongTypeAnOutOfRangeValueOrAnUnknownField() throws Exception {
        JsonNode alert = oneAlertOfEachKind().get(Subject.CLUSTER);

        assertInvalid(alert, "score as a string", a -> ((ObjectNode) a).put("score", "0.9"));
        assertInvalid(alert, "score above 1", a -> ((ObjectNode) a).put("score", 1.5));
        assertInvalid(alert, "version 0", a -> ((ObjectNode) a).put("version", 0));
        assertInvalid(alert, "ts as RFC 3339", a -> ((ObjectNode) a).put("ts", "2026-11-20T08:00:00Z"));
        assertInvalid(alert, "a detector score as a string", a -> ((ObjectNode) a.at("/detectors/0")).put("score", "high"));
        assertInvalid(alert, "evidence as a list", a -> ((ObjectNode) a.at("/detectors/0")).putArray("evidence"));
        assertInvalid(alert, "members as a string", a -> ((ObjectNode) a.get("subject")).put("members", "key_hy00"));
        assertInvalid(alert, "a client_id beside the cluster_id",
                a -> ((ObjectNode) a.get("subject")).put("client_id", "key_hy00"));
        assertInvalid(alert, "no detectors", a -> ((ObjectNode) a).putArray("detectors"));
        assertInvalid(alert, "an unknown top-level field", a -> ((ObjectNode) a).set("tenant", TextNode.valueOf("x")));
        assertInvalid(alert, "an unknown finding field", a -> ((ObjectNode) a.at("/detectors/0")).put("weight", 1));
    }

    // ---- traffic through the topology ---------------------------------------------------------------

    /** Attacks that between them raise every subject kind, with the test key's watermark on. */
    private static List<InferenceEvent> attackTraffic() {
        List<InferenceEvent> events = new ArrayList<>();
        events.addAll(Traffic.logitBiasExtractor("key_sweep", 300, 100));
        events.addAll(Traffic.templatedDistiller("key_template", 300));
        events.addAll(HydraTraffic.fleet("key_hy", 30, 20, 3));
        events.addAll(watermarkThatStops("orion-large"));
        events.sort(Comparator.comparingLong(InferenceEvent::tsMillis).thenComparing(InferenceEvent::eventId));
        return events;
    }

    /** 120 watermarked responses of {@code model}, then 120 plain ones: the endpoint stopped watermarking. */
    private static List<InferenceEvent> watermarkThatStops(String model) {
        GreenListScheme scheme = WatermarkTraffic.scheme(watermarkConfig());
        Random rnd = new Random(42);
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            int[] tokens = i < 120 ? WatermarkTraffic.watermarked(scheme, 150, rnd) : WatermarkTraffic.plain(150, rnd);
            out.add(WatermarkTraffic.response(model, "key_app" + (i % 3), i, tokens));
        }
        return out;
    }

    private static WatermarkConfig watermarkConfig() {
        WatermarkConfig config = WatermarkTraffic.config();
        config.health().windowResponses(40);
        config.batchSize(16);
        return config;
    }

    /** Every alert version the topology writes for {@code events}, in order. */
    private static List<Alert> alertsOf(List<InferenceEvent> events) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-schema-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
        DetectionConfig detection = new DetectionConfig();
        detection.persistentStores(true); // the in-memory window store is slow for the fleet
        TopicNames topics = new TopicNames();
        PipelineCounters counters = new PipelineCounters();
        try (WatermarkChecks watermark = WatermarkChecks.of(watermarkConfig(), null);
                TopologyTestDriver driver = new TopologyTestDriver(new QuarryTopology(detection, topics,
                        counters, QuarryTopology.Inputs.none().withWatermark(watermark)).build(), p)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(topics.events(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> out = driver.createOutputTopic(topics.alerts(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            // One fleet member's coordination finding is suppressed: its alerts carry what was held back.
            driver.createInputTopic(topics.suppressions(), new StringSerializer(), new ByteArraySerializer())
                    .pipeInput(SUPPRESSED.id(), Suppressions.toBytes(SUPPRESSED));
            for (InferenceEvent e : events) {
                in.pipeInput(e.clientId().getBytes(StandardCharsets.UTF_8), EventJson.toBytes(e), e.tsMillis());
            }
            // As a replay does: the end of input releases what the cluster side holds for ordering.
            counters.endInput();
            driver.advanceWallClockTime(detection.hydra().orderHeartbeat().multipliedBy(2));
            // As the alert service's consumer reads them.
            return out.readValuesToList().stream().map(AlertJson::fromBytes).toList();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static Set<String> alertIds() {
        return published.stream().map(Alert::alertId).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The newest alert of each subject kind, as the API serves it. */
    private Map<String, JsonNode> oneAlertOfEachKind() throws Exception {
        Map<String, JsonNode> byKind = new TreeMap<>();
        for (JsonNode alert : get("/api/alerts?limit=500").get("items")) {
            byKind.putIfAbsent(alert.at("/subject/kind").asText(), alert);
        }
        assertEquals(Set.of(Subject.CLIENT, Subject.CLUSTER, Subject.ENDPOINT), byKind.keySet());
        return byKind;
    }

    private static void assertValid(JsonNode alert) {
        Set<ValidationMessage> errors = schema.validate(alert);
        assertTrue(errors.isEmpty(), () -> errors + " in " + alert);
    }

    /** The alert, changed by {@code change} on a copy, must fail validation. */
    private static void assertInvalid(JsonNode alert, String what, Consumer<JsonNode> change) {
        JsonNode copy = alert.deepCopy();
        change.accept(copy);
        assertFalse(copy.equals(alert), "the change did something: " + what);
        assertFalse(schema.validate(copy).isEmpty(), "accepted an alert with " + what + ": " + copy);
    }

    private static void remove(JsonNode alert, String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? alert : alert.at(pointer.substring(0, slash));
        ((ObjectNode) parent).remove(pointer.substring(slash + 1));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", TestTokens.bearer(Role.VIEWER)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> path + " -> " + response.body());
        return JSON.readTree(response.body());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + APP.getLocalPort() + path);
    }
}
