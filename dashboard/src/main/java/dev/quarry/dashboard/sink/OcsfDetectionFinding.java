package dev.quarry.dashboard.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.dashboard.QuarryVersion;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An alert version as an OCSF 1.3.0 Detection Finding ({@code class_uid} 2004, category Findings):
 * version 1 is activity Create, later versions Update, so a SIEM sees one finding
 * ({@code finding_info.uid} = {@code alert_id}) evolve. {@code metadata.uid} is
 * {@code alert_id:version}, the idempotency key of a delivery. The subject goes to
 * {@code resources}, the detectors to {@code finding_info.analytic} (the strongest) and
 * {@code finding_info.types} (all), the whole alert JSON to {@code raw_data}. The mapping table is
 * in docs/integrations.md. Stateless and thread-safe.
 */
public final class OcsfDetectionFinding {
    public static final String SCHEMA_VERSION = "1.3.0";
    public static final int CATEGORY_UID = 2;
    public static final int CLASS_UID = 2004;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OcsfDetectionFinding() {}

    /** The finding of one alert version. */
    public static ObjectNode of(Alert alert) {
        ObjectNode f = MAPPER.createObjectNode();
        int activity = alert.version() == 1 ? 1 : 2;
        f.put("activity_id", activity);
        f.put("activity_name", activity == 1 ? "Create" : "Update");
        f.put("category_uid", CATEGORY_UID);
        f.put("category_name", "Findings");
        f.put("class_uid", CLASS_UID);
        f.put("class_name", "Detection Finding");
        f.put("type_uid", CLASS_UID * 100L + activity);
        f.put("type_name", "Detection Finding: " + (activity == 1 ? "Create" : "Update"));
        f.put("severity_id", severityId(alert.severity()));
        f.put("severity", caption(alert.severity()));
        f.put("time", alert.ts());
        f.put("start_time", alert.firstTs());
        f.put("end_time", alert.ts());
        f.put("message", alert.summary());
        f.put("status_id", 1);
        f.put("status", "New");
        f.put("confidence_score", (int) Math.round(alert.score() * 100));

        ObjectNode metadata = f.putObject("metadata");
        metadata.put("version", SCHEMA_VERSION);
        metadata.put("uid", AlertSink.idempotencyKey(alert));
        metadata.put("log_name", "quarry.alerts");
        ObjectNode product = metadata.putObject("product");
        product.put("name", "Quarry");
        product.put("vendor_name", "Quarry");
        product.put("version", QuarryVersion.current().version());

        ObjectNode info = f.putObject("finding_info");
        info.put("uid", alert.alertId());
        info.put("title", "Quarry " + alert.severity().wireName() + " alert: " + alert.subject().kind() + " "
                + alert.subject().key());
        info.put("desc", alert.summary());
        info.put("first_seen_time", alert.firstTs());
        info.put("last_seen_time", alert.ts());
        Set<String> types = new LinkedHashSet<>();
        alert.detectors().forEach(d -> types.add(d.group().wireName()));
        ArrayNode typeList = info.putArray("types");
        types.forEach(typeList::add);
        if (!alert.detectors().isEmpty()) {
            DetectorFinding top = alert.detectors().get(0);
            info.putObject("analytic").put("name", top.name()).put("uid", top.name())
                    .put("type_id", 3).put("type", "Statistical");
            ArrayNode related = info.putArray("related_analytics");
            for (DetectorFinding d : alert.detectors().subList(1, alert.detectors().size())) {
                related.addObject().put("name", d.name()).put("uid", d.name()).put("type_id", 3).put("type", "Statistical");
            }
        }

        ArrayNode resources = f.putArray("resources");
        Subject s = alert.subject();
        switch (s.kind()) {
            case Subject.CLUSTER -> {
                resources.addObject().put("type", "client_cluster").put("uid", s.clusterId());
                if (s.members() != null) {
                    s.members().forEach(m -> resources.addObject().put("type", "api_client").put("uid", m));
                }
            }
            case Subject.ENDPOINT -> resources.addObject().put("type", "model_endpoint").put("name", s.model());
            default -> resources.addObject().put("type", "api_client").put("uid", s.clientId());
        }
        f.put("raw_data", AlertJson.toJson(alert));
        return f;
    }

    /** OCSF {@code severity_id}: Low 2, Medium 3, High 4, Critical 5. */
    public static int severityId(Severity severity) {
        return switch (severity) {
            case LOW -> 2;
            case MEDIUM -> 3;
            case HIGH -> 4;
            case CRITICAL -> 5;
        };
    }

    private static String caption(Severity severity) {
        String w = severity.wireName();
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }
}
