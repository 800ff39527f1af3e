package dev.quarry.dashboard.store;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.alert.HeldBack;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test alerts in one line: {@code anAlert("a-1").client("acct-7").severity(HIGH).build()}. */
public final class AlertBuilder {
    private final List<HeldBack> suppressed = new ArrayList<>();
    /** 2025-03-01T12:00:00Z, the default event time. */
    public static final long T0 = 1_740_830_400_000L;

    private final String alertId;
    private int version = 1;
    private long ts = T0;
    private Long firstTs;
    private Subject subject = Subject.client("acct-1");
    private Severity severity = Severity.MEDIUM;
    private double score = 0.6;
    private final List<DetectorFinding> findings = new ArrayList<>();
    private String summary = "suspicious traffic";

    private AlertBuilder(String alertId) {
        this.alertId = alertId;
    }

    public static AlertBuilder anAlert(String alertId) {
        return new AlertBuilder(alertId);
    }

    public AlertBuilder version(int version) {
        this.version = version;
        return this;
    }

    public AlertBuilder ts(long ts) {
        this.ts = ts;
        return this;
    }

    public AlertBuilder firstTs(long firstTs) {
        this.firstTs = firstTs;
        return this;
    }

    public AlertBuilder client(String clientId) {
        this.subject = Subject.client(clientId);
        return this;
    }

    public AlertBuilder cluster(String clusterId, String... members) {
        this.subject = Subject.cluster(clusterId, List.of(members));
        return this;
    }

    public AlertBuilder severity(Severity severity) {
        this.severity = severity;
        return this;
    }

    public AlertBuilder score(double score) {
        this.score = score;
        return this;
    }

    public AlertBuilder finding(String detector, double score, Map<String, Object> evidence) {
        findings.add(new DetectorFinding(detector, EvidenceGroup.PROVENANCE, score, evidence));
        return this;
    }

    public AlertBuilder summary(String summary) {
        this.summary = summary;
        return this;
    }

    /** Marks the version as capped by an analyst's suppression holding back these detectors. */
    public AlertBuilder suppressed(String suppressionId, String... detectors) {
        this.suppressed.add(new HeldBack(suppressionId, List.of(detectors)));
        return this;
    }

    public Alert build() {
        List<DetectorFinding> detectors = findings.isEmpty()
                ? List.of(new DetectorFinding("logit_bias_sweep", EvidenceGroup.LOGIT_PROBING, score, Map.of("distinct_tokens", 412)))
                : findings;
        return new Alert(alertId, version, ts, firstTs == null ? ts : firstTs, subject, severity, score,
                detectors, "evt-" + alertId + "-" + version, 100L * version, summary, suppressed, List.of());
    }
}
