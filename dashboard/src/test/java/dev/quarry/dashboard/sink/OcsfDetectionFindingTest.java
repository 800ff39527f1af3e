package dev.quarry.dashboard.sink;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.quarry.dashboard.runtime.KafkaClients;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCSF sink's records are Detection Findings of OCSF 1.3.0: validated against the attributes
 * the OCSF schema requires of class 2004 and of the objects filled in
 * ({@code sink/ocsf-1.3.0-detection-finding.schema.json}, encoded from the schema repository at tag
 * 1.3.0), for each kind of subject, for a first version and an update.
 */
class OcsfDetectionFindingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = OcsfDetectionFindingTest.class.getResourceAsStream("/sink/ocsf-1.3.0-detection-finding.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(in));
        }
    }

    @Test
    void findingsOfEveryKindOfSubjectHaveTheRequiredAttributes() {
        List<Alert> alerts = List.of(
                anAlert("al-c").client("acct-7").severity(Severity.LOW).build(),
                anAlert("al-k").version(4).cluster("hydra-acct-1", "acct-1", "acct-2").severity(Severity.CRITICAL)
                        .finding("hydra_cluster", 0.9, Map.of("cluster_size", 12))
                        .finding("templated_queries", 0.4, Map.of()).build(),
                new Alert("al-e", 1, 1_740_830_400_000L, 1_740_830_400_000L, Subject.endpoint("orion-2"), Severity.MEDIUM,
                        0.55, List.of(new DetectorFinding("watermark_health", EvidenceGroup.ENDPOINT_HEALTH, 0.55, Map.of())),
                        "evt-1", 200, "watermark weakened"));
        for (Alert alert : alerts) {
            Set<ValidationMessage> errors = schema.validate(OcsfDetectionFinding.of(alert));
            assertTrue(errors.isEmpty(), alert.alertId() + ": " + errors);
        }
    }

    @Test
    void theFirstVersionCreatesTheFindingAndLaterOnesUpdateIt() {
        ObjectNode first = OcsfDetectionFinding.of(anAlert("al-1").version(1).build());
        ObjectNode third = OcsfDetectionFinding.of(anAlert("al-1").version(3).severity(Severity.HIGH).build());

        assertEquals(1, first.get("activity_id").asInt());
        assertEquals(200401, first.get("type_uid").asLong());
        assertEquals(2, third.get("activity_id").asInt());
        assertEquals(200402, third.get("type_uid").asLong());
        assertEquals("al-1", third.at("/finding_info/uid").asText());
        assertEquals("al-1:3", third.at("/metadata/uid").asText());
        assertEquals(4, third.get("severity_id").asInt());
        assertEquals(2004, third.get("class_uid").asInt());
        assertEquals(2, third.get("category_uid").asInt());
    }

    @Test
    void rawDataKeepsTheWholeAlert() {
        Alert alert = anAlert("al-1").summary("prompt \"text\" <x>").build();

        assertEquals(alert, AlertJson.fromJson(OcsfDetectionFinding.of(alert).get("raw_data").asText()));
    }

    @Test
    void theSchemaRefusesAFindingWithoutItsRequiredAttributes() {
        for (String pointer : List.of("/finding_info/uid", "/metadata/product/vendor_name", "/class_uid", "/time",
                "/finding_info/analytic/type_id")) {
            ObjectNode finding = OcsfDetectionFinding.of(anAlert("al-1").build());
            int slash = pointer.lastIndexOf('/');
            ((ObjectNode) finding.at(pointer.substring(0, slash).isEmpty() ? "" : pointer.substring(0, slash)))
                    .remove(pointer.substring(slash + 1));
            assertFalse(schema.validate(finding).isEmpty(), "accepted a finding without " + pointer);
        }
        ObjectNode wrongType = OcsfDetectionFinding.of(anAlert("al-1").version(2).build()).put("type_uid", 200401);
        assertFalse(schema.validate(wrongType).isEmpty(), "accepted type_uid of another activity");
    }

    @Test
    void theFileSinkAppendsOneValidFindingPerLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("findings.jsonl");
        try (OcsfSink sink = new OcsfSink("siem", KafkaClients.of("127.0.0.1:1"), "", file, Duration.ofSeconds(5))) {
            sink.deliver(anAlert("al-1").build());
            sink.deliver(anAlert("al-1").version(2).build());
        }

        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        for (String line : lines) {
            JsonNode finding = JSON.readTree(line);
            assertTrue(schema.validate(finding).isEmpty(), schema.validate(finding)::toString);
        }
        assertEquals("al-1:2", JSON.readTree(lines.get(1)).at("/metadata/uid").asText());
    }
}
