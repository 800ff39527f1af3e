package dev.quarry.detectors.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.HeldBack;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.detectors.detector.DetectorRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuppressionsTest {
    private static final Suppression CLIENT = new Suppression("sup_b", "key_x", null, List.of("logit_bias_sweep"),
            "partner", 1_000L, "alice", 5L);
    private static final Suppression ORG = new Suppression("sup_a", null, "org_eval", List.of(), "", null, "bob", 7L);

    @Test
    void findsTheSuppressionsOfAClientAndOfItsOrganisation() {
        Suppressions s = Suppressions.of(List.of(CLIENT, ORG));

        assertEquals(List.of(ORG, CLIENT), s.holdFor("key_x", "org_eval", 0).active(), "ordered by id");
        assertEquals(List.of(CLIENT), s.holdFor("key_x", null, 0).active());
        assertEquals(List.of(ORG), s.holdFor("key_y", "org_eval", 0).active());
        assertTrue(s.holdFor("key_y", "org_other", 0).isEmpty());
    }

    @Test
    void aSuppressionAppliesUntilItsExpiryInEventTime() {
        Suppressions s = Suppressions.of(List.of(CLIENT));

        assertFalse(s.holdFor("key_x", null, 999).isEmpty());
        assertTrue(s.holdFor("key_x", null, 1_000).isEmpty());
    }

    @Test
    void aHoldListsPerSuppressionTheDetectorsItHeldBack() {
        Hold hold = Suppressions.of(List.of(CLIENT, ORG)).holdFor("key_x", "org_eval", 0);

        assertTrue(hold.holds("capability_coverage"), "the organisation's covers every detector");
        assertEquals(List.of(new HeldBack("sup_a", List.of("automation_cadence", "logit_bias_sweep")),
                new HeldBack("sup_b", List.of("logit_bias_sweep"))),
                hold.heldBack(List.of("logit_bias_sweep", "automation_cadence")));
    }

    @Test
    void aSuppressionNamesExactlyOneOfClientAndOrganisation() {
        assertThrows(IllegalArgumentException.class, () -> new Suppression("s", "c", "o", List.of(), "", null, "a", 0));
        assertThrows(IllegalArgumentException.class, () -> new Suppression("s", null, null, List.of(), "", null, "a", 0));
    }

    @Test
    void theListReadsBackFromTheJsonTheApiServes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("suppressions.json");
        Files.writeString(file, AlertJson.mapper().writeValueAsString(List.of(CLIENT, ORG)));

        Suppressions read = Suppressions.readFile(file);

        assertEquals(List.of(CLIENT, ORG), read.all(), "oldest first");
        String json = new String(Suppressions.toBytes(ORG), StandardCharsets.UTF_8);
        assertEquals("{\"id\":\"sup_a\",\"org_id\":\"org_eval\",\"reason\":\"\",\"created_by\":\"bob\",\"created_at\":7}", json);
        Files.writeString(file, "{\"items\": []}");
        assertThrows(IllegalArgumentException.class, () -> Suppressions.readFile(file));
    }

    @Test
    void detectorNamesAreTheRegistrysAndTheCrossClientDetectors() {
        var names = Suppressions.detectorNames(DetectorRegistry.of(new DetectionConfig(), new WatermarkConfig()));

        assertTrue(names.containsAll(List.of("logit_bias_sweep", "capability_coverage", "hydra_cluster", "dataset_split",
                "pooled_capability_coverage")), names.toString());
        assertFalse(names.contains("watermark_health"));
    }

    @Test
    void anAlertKeepsWhatWasHeldBackThroughItsJson() {
        Alert a = new Alert("al_1", 1, 10, 10, Subject.client("key_x"), Severity.LOW, 0.6, List.of(), "e1", 3, "low",
                List.of(new HeldBack("sup_b", List.of("logit_bias_sweep"))), List.of());

        assertEquals(a, AlertJson.fromJson(AlertJson.toJson(a)));
        Alert plain = new Alert("al_1", 1, 10, 10, Subject.client("key_x"), Severity.LOW, 0.6, List.of(), "e1", 3, "low");
        assertEquals(plain, AlertJson.fromJson(AlertJson.toJson(plain)));
    }
}
