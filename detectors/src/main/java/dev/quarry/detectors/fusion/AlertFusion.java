package dev.quarry.detectors.fusion;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.config.FusionConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns detector findings into alerts. The fused score is the noisy-OR of the detectors' latest
 * scores, {@code 1 - prod(1 - s_i)}: independent pieces of evidence reinforce each other, and one
 * strong detector alone is enough. Scores under {@code noise_floor} are left out, and the
 * {@code supporting_detectors} (automation) count only beside a primary detector above the floor. Findings older than {@code signal_ttl} (event time) drop out.
 *
 * <p>Suppression: a subject has at most one open alert. It is published when it opens, again
 * (same {@code alert_id}, next {@code version}) whenever its severity rises, and at the same
 * severity only when its score rose by {@code rescore_delta} and {@code min_update_interval}
 * passed since the last publication. It closes after {@code close_after} without any signal.
 * So a sustained attack of a million requests is one alert with a handful of versions.
 *
 * <p>Alert ids are derived from the subject and the event that opened the alert, never from
 * wall-clock time or randomness: replaying the same events gives the same ids.
 *
 * <p>Allow-list: the alerts of a client or organisation in {@code allow_list} are capped at
 * {@code low} whatever the score: known evaluators and partners stay visible on the watch list
 * but never count as detections. Thread-safe
 * (stateless; all state is in the {@link FusionState} passed in).
 */
public final class AlertFusion {
    private final FusionConfig config;
    private final Function<DetectorFinding, String> headlines;
    private final String idScope;
    private final Set<String> allowedClients;
    private final Set<String> allowedOrgs;
    private final Set<String> supporting;

    /**
     * @param headlines one line per finding for the summary (see
     *     {@link dev.quarry.detectors.detector.Detector#headline})
     */
    public AlertFusion(FusionConfig config, Function<DetectorFinding, String> headlines) {
        this(config, headlines, "");
    }

    /**
     * @param idScope mixed into alert ids, so that a second fusion about the same subject (the
     *     {@code hydra_cluster} member alerts beside a client's own alert) never reuses an id
     */
    public AlertFusion(FusionConfig config, Function<DetectorFinding, String> headlines, String idScope) {
        this.config = config;
        this.headlines = headlines;
        this.idScope = idScope;
        this.allowedClients = Set.copyOf(config.allowList.allowedClients);
        this.allowedOrgs = Set.copyOf(config.allowList.allowedOrgs);
        this.supporting = Set.copyOf(config.supportingDetectors);
    }

    /** True when the client, or its organisation (may be null), is on the allow-list. */
    public boolean allowListed(String clientId, String orgId) {
        return allowedClients.contains(clientId) || (orgId != null && allowedOrgs.contains(orgId));
    }

    /** {@link #fuse(Subject, long, String, String, List, FusionState, long, boolean)} for a subject not allow-listed. */
    public Optional<Alert> fuse(Subject subject, long ts, String triggerEventId, List<DetectorFinding> findings,
            FusionState state, long eventsSeen) {
        return fuse(subject, ts, triggerEventId, triggerEventId, findings, state, eventsSeen, false);
    }

    /**
     * Folds this event's findings into the state and returns the alert version to publish, if any.
     *
     * @param ts event time of the triggering event
     * @param eventsSeen events of the subject so far, reported in the alert
     * @param allowListed caps the severity at {@code low} (see {@link #allowListed})
     */
    public Optional<Alert> fuse(Subject subject, long ts, String triggerEventId, List<DetectorFinding> findings,
            FusionState state, long eventsSeen, boolean allowListed) {
        return fuse(subject, ts, triggerEventId, triggerEventId, findings, state, eventsSeen, allowListed);
    }

    /**
     * As {@link #fuse(Subject, long, String, List, FusionState, long, boolean)}, but a newly opened
     * alert's id is derived from {@code idSeed} instead of the triggering event. The cluster side
     * uses its cluster id here: which member's message happens to open a cluster alert depends on
     * how the upstream partitions interleave, the cluster id does not.
     */
    public Optional<Alert> fuse(Subject subject, long ts, String triggerEventId, String idSeed,
            List<DetectorFinding> findings, FusionState state, long eventsSeen, boolean allowListed) {
        for (DetectorFinding f : findings) {
            state.latest.put(f.name(), f);
            state.latestTs.put(f.name(), ts);
        }
        expire(state, ts);
        double fused = fusedScore(state.latest.values());
        state.lastFused = fused;
        Severity severity = config.severityOf(fused);
        if (allowListed && severity != null && severity.compareTo(Severity.LOW) > 0) {
            severity = Severity.LOW;
        }
        boolean publishable = severity != null && severity.compareTo(config.minPublished) >= 0;
        if (state.alertId != null && ts - state.lastSignalTs > config.closeAfter.toMillis()) {
            state.alertId = null;
        }
        if (!findings.isEmpty() && publishable) {
            state.lastSignalTs = ts;
        }
        if (!publishable) {
            return Optional.empty();
        }
        if (state.alertId == null) {
            state.alertId = alertId(idScope.isEmpty() ? subject.kind() : subject.kind() + "/" + idScope, subject.key(), idSeed);
            state.version = 1;
            state.opened++;
            state.firstTs = ts;
        } else if (severity.compareTo(state.severity) > 0
                || (fused >= state.score + config.rescoreDelta
                        && ts - state.lastPublishedTs >= config.minUpdateInterval.toMillis())) {
            state.version++;
        } else {
            state.suppressed++;
            return Optional.empty();
        }
        state.severity = severity;
        state.score = fused;
        state.lastPublishedTs = ts;
        List<DetectorFinding> contributing = new ArrayList<>(state.latest.values());
        contributing.sort(Comparator.comparingDouble(DetectorFinding::score).reversed()
                .thenComparing(DetectorFinding::name));
        return Optional.of(new Alert(state.alertId, state.version, ts, state.firstTs, subject, severity,
                round(fused), contributing, triggerEventId, eventsSeen,
                summary(subject, severity, contributing) + (allowListed ? " (allow-listed: capped at low)" : "")));
    }

    /**
     * Noisy-OR of the scores at or above the noise floor; supporting detectors count only when a
     * primary detector is above the floor too.
     */
    double fusedScore(Iterable<DetectorFinding> findings) {
        boolean primary = false;
        for (DetectorFinding f : findings) {
            if (f.score() >= config.noiseFloor && !supporting.contains(f.name())) {
                primary = true;
                break;
            }
        }
        if (!primary) {
            return 0.0;
        }
        double miss = 1.0;
        for (DetectorFinding f : findings) {
            if (f.score() >= config.noiseFloor) {
                miss *= 1.0 - f.score();
            }
        }
        return 1.0 - miss;
    }

    private void expire(FusionState state, long ts) {
        long ttl = config.signalTtl.toMillis();
        Iterator<Map.Entry<String, Long>> it = state.latestTs.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (ts - e.getValue() > ttl) {
                state.latest.remove(e.getKey());
                it.remove();
            }
        }
    }

    private String summary(Subject subject, Severity severity, List<DetectorFinding> contributing) {
        StringBuilder sb = new StringBuilder();
        sb.append(severity.wireName()).append(": ").append(subject.key()).append(" - ");
        int n = 0;
        for (DetectorFinding f : contributing) {
            if (f.score() < config.low && n > 0) {
                continue;
            }
            if (n++ > 0) {
                sb.append("; ");
            }
            sb.append(headlines.apply(f));
        }
        return sb.toString();
    }

    private static double round(double score) {
        return Math.min(1.0, Math.max(0.0, Math.round(score * 10_000) / 10_000.0));
    }

    /** Deterministic id: a digest of the subject and the event that opened the alert. */
    public static String alertId(Subject subject, String triggerEventId) {
        return alertId(subject.kind(), subject.key(), triggerEventId);
    }

    private static String alertId(String kind, String key, String triggerEventId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(kind.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(key.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(triggerEventId.getBytes(StandardCharsets.UTF_8));
            return "al_" + HexFormat.of().formatHex(sha.digest(), 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JDK", e);
        }
    }
}
