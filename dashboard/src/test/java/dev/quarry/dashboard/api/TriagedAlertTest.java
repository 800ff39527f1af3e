package dev.quarry.dashboard.api;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.dashboard.triage.TriageNote;
import dev.quarry.dashboard.triage.TriageState;
import dev.quarry.dashboard.triage.TriageStatus;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriagedAlertTest {
    @Test
    void isTheAlertJsonWithTriageAsItsLastField() throws Exception {
        Alert alert = anAlert("a-1").finding("logit_bias_sweep", 0.9, Map.of("requests", 47)).build();

        JsonNode json = AlertJson.mapper().readTree(
                AlertJson.mapper().writeValueAsString(new TriagedAlert(alert, TriageState.untriaged())));

        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        List<String> alertFields = new ArrayList<>();
        AlertJson.mapper().readTree(AlertJson.toJson(alert)).fieldNames().forEachRemaining(alertFields::add);
        alertFields.add("triage");
        assertEquals(alertFields, fields);
        assertEquals("{\"status\":\"new\"}", json.get("triage").toString());
        assertEquals(alert, AlertJson.fromJson(json.toString()));
    }

    @Test
    void aTriagedStateHasEveryFieldAndNoAssigneeWhileNobodyIsAssigned() throws Exception {
        TriageState state = new TriageState("a-1", TriageStatus.FALSE_POSITIVE, null,
                List.of(new TriageNote(5L, "soc", "a known evaluator")), 7L, "soc");

        assertEquals("{\"alert_id\":\"a-1\",\"status\":\"false_positive\",\"notes\":[{\"ts\":5,\"actor\":\"soc\","
                + "\"text\":\"a known evaluator\"}],\"updated_at\":7,\"updated_by\":\"soc\"}",
                AlertJson.mapper().writeValueAsString(state));
    }
}
