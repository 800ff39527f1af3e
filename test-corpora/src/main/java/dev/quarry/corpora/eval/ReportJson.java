package dev.quarry.corpora.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.detectors.alert.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code report.json}: Quarry's figures at {@code medium} at the top level ({@code macro_tpr},
 * {@code tpr}, {@code fpr}, {@code precision}, {@code events_per_second}, {@code archetypes}), the
 * severity sweep under {@code thresholds} and each tuned baseline under {@code baselines}.
 * Undefined figures (a median of nothing, precision with nothing flagged) are {@code null};
 * a threshold that flags nobody is the string {@code "none"}. Stateless.
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    public static void write(EvalReport report, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), toJson(report));
    }

    public static ObjectNode toJson(EvalReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("command", r.command());
        root.put("events", r.events());
        root.put("clients", r.clients());
        root.put("silent_clients", r.silentClients());
        number(root, "events_per_second", r.eventsPerSecond());
        number(root, "replay_seconds", r.replaySeconds());
        number(root, "baseline_seconds", r.baselineSeconds());
        root.put("detection_threshold", Severity.MEDIUM.wireName());
        scorecard(root, r.quarry());
        ObjectNode sweep = root.putObject("thresholds");
        for (Map.Entry<Severity, Scorecard> e : r.sweep().entrySet()) {
            ObjectNode s = sweep.putObject(e.getKey().wireName());
            scorecard(s, e.getValue());
        }
        ObjectNode baselines = root.putObject("baselines");
        for (BaselineResult b : r.baselines()) {
            ObjectNode n = baselines.putObject(b.name());
            n.put("description", b.description());
            if (Double.isInfinite(b.threshold())) {
                n.put("threshold", "none");
            } else {
                n.put("threshold", b.threshold());
            }
            n.put("comparison", b.comparison());
            number(n, "tuned_to_fpr", b.targetFpr());
            scorecard(n, b.scorecard());
        }
        return root;
    }

    private static void scorecard(ObjectNode n, Scorecard s) {
        number(n, "macro_tpr", s.macroTpr());
        number(n, "tpr", s.tpr());
        number(n, "fpr", s.fpr());
        number(n, "precision", s.precision());
        n.put("attackers", s.attackers());
        n.put("benign", s.benign());
        n.put("true_positives", s.truePositives());
        n.put("false_positives", s.falsePositives());
        ObjectNode archetypes = n.putObject("archetypes");
        for (ArchetypeScore a : s.archetypes().values()) {
            ObjectNode x = archetypes.putObject(a.archetype());
            x.put("label", a.label());
            x.put("clients", a.clients());
            x.put("flagged", a.flagged());
            number(x, "rate", a.rate());
            number(x, "median_queries_to_detect", a.medianQueriesToDetect());
            number(x, "p90_queries_to_detect", a.p90QueriesToDetect());
            number(x, "median_time_to_detect_s", a.medianSecondsToDetect());
            number(x, "p90_time_to_detect_s", a.p90SecondsToDetect());
        }
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }
}
