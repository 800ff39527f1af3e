package dev.quarry.detectors.fusion;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.alert.HeldBack;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.config.FusionConfig;
import dev.quarry.detectors.suppression.Hold;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import dev.quarry.detectors.peers.PeerStanding;

/**
 * Turns detector findings into alerts. Findings are grouped by the evidence they read
 * ({@link EvidenceGroup}): within a group only the strongest counts, so detectors that share
 * evidence (templates, request wording) count once. Across groups, scores combine by noisy-OR,
 * {@code 1 - prod(1 - g_i)}: independent evidence reinforces, and one strong group alone is enough.
 *
 * <p>{@code medium} and above mean "distilling or extracting", so they need a specific group
 * (provenance, capability sweep, reasoning extraction, logit probing, reward harvesting, embedding
 * extraction, coordination, watermark echo). With specific evidence S and supporting evidence G
 * (templates, request style, query distribution, launch timing, automation), the fused score is
 * {@code 1 - (1 - S)(1 - min(G, S))}: support can at most double the weight of the specific
 * evidence, so a weak specific signal stays weak however loud the support is. G leaves out the
 * supporting groups the strongest specific group already measures or contradicts
 * ({@link EvidenceGroup#corroborates}): a capability sweep's score already holds the request
 * wording and the pace, and templates are what a product is. Without specific
 * evidence the fused score is G capped at {@code supportOnlyMax}
 * ({@value FusionConfig#DEFAULT_SUPPORT_ONLY_MAX} by default, below {@code low}): a heavy legitimate
 * product raises no alert on templates, wording and pace. Automation only corroborates: it counts
 * only beside another group. Scores under {@code noiseFloor} are left out.
 *
 * <p>Detectors report their current score whenever they re-evaluate, 0 included; a score under
 * the noise floor removes the detector's earlier finding, so evidence that no longer holds fades.
 * Findings not renewed for {@code signalTtl} (event time) drop out too.
 *
 * <p>Suppression: a subject has at most one open alert. It is published when it opens, again
 * (same {@code alert_id}, next {@code version}) whenever its severity rises, and at the same
 * severity only when its score rose by {@code rescoreDelta} and {@code minUpdateInterval}
 * passed since the last publication, or once when an analyst's suppression first caps it. It
 * closes after {@code closeAfter} without any signal.
 * So a sustained attack of a million requests is one alert with a handful of versions.
 *
 * <p>Alert ids are derived from the subject and the event that opened the alert, never from
 * wall-clock time or randomness: replaying the same events gives the same ids.
 *
 * <p>Allow-list: the alerts of a client or organisation in {@code allowList} are capped at
 * {@code low} whatever the score: known evaluators and partners stay visible on the watch list
 * but never count as detections. A declared use case ({@code allowList.useCases}) is narrower:
 * the evidence groups it names count as supporting evidence for that client or organisation, and
 * everything else still alerts (see {@link Standing}).
 *
 * <p>Analysts' suppressions ({@link Hold}): the findings of the detectors a suppression covers
 * stay in the alert and in the fused score, but they cannot lift the alert to {@code medium} or
 * above. When the fused score of the other findings alone stays under {@code medium}, the
 * severity is capped at {@code low}; when the other findings reach {@code medium} on their own,
 * the alert has its full severity, so a suppression never hides another detector's escalation.
 * The alert lists what was held back ({@link Alert#suppressed()}). Thread-safe
 * (stateless; all state is in the {@link FusionState} passed in).
 */
public final class AlertFusion {
    private final FusionConfig config;
    private final Function<DetectorFinding, String> headlines;
    private final String idScope;
    private final Set<String> allowedClients;
    private final Set<String> allowedOrgs;
    private final Map<String, FusionConfig.UseCase> useCasesByClient;
    private final Map<String, FusionConfig.UseCase> useCasesByOrg;

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
        if (!(config.supportOnlyMax() >= 0 && config.supportOnlyMax() < config.medium())) {
            throw new IllegalArgumentException("detection.fusion.supportOnlyMax must be in [0, detection.fusion.medium): "
                    + config.supportOnlyMax());
        }
        this.config = config;
        this.headlines = headlines;
        this.idScope = idScope;
        this.allowedClients = Set.copyOf(config.allowList().allowedClients());
        this.allowedOrgs = Set.copyOf(config.allowList().allowedOrgs());
        Map<String, FusionConfig.UseCase> byClient = new java.util.HashMap<>();
        Map<String, FusionConfig.UseCase> byOrg = new java.util.HashMap<>();
        for (FusionConfig.UseCase u : config.allowList().useCases()) {
            boolean client = u.clientId() != null && !u.clientId().isEmpty();
            boolean org = u.orgId() != null && !u.orgId().isEmpty();
            if (client == org || u.expectedGroups().isEmpty()) {
                throw new IllegalArgumentException("detection.fusion.allowList.useCases: each entry names a clientId or an orgId, not both,"
                        + " and lists expectedGroups");
            }
            (client ? byClient : byOrg).put(client ? u.clientId() : u.orgId(), u);
        }
        this.useCasesByClient = Map.copyOf(byClient);
        this.useCasesByOrg = Map.copyOf(byOrg);
    }

    /** True when the client, or its organisation (may be null), is on the allow-list. */
    public boolean allowListed(String clientId, String orgId) {
        return allowedClients.contains(clientId) || (orgId != null && allowedOrgs.contains(orgId));
    }

    /**
     * What the operator declared about the client or its organisation (may be null): the cap of the
     * allow-list and a declared use case, the client's own use case before its organisation's.
     */
    public Standing standing(String clientId, String orgId) {
        boolean capped = allowListed(clientId, orgId);
        FusionConfig.UseCase u = useCasesByClient.get(clientId);
        if (u == null && orgId != null) {
            u = useCasesByOrg.get(orgId);
        }
        if (u == null) {
            return Standing.of(capped);
        }
        return new Standing(capped, u.description() == null ? "" : u.description(), Set.copyOf(u.expectedGroups()));
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
        return fuse(subject, ts, triggerEventId, triggerEventId, findings, state, eventsSeen, Standing.of(allowListed),
                Hold.NONE);
    }

    /** As above, with what the operator declared about the subject (see {@link #standing}). */
    public Optional<Alert> fuse(Subject subject, long ts, String triggerEventId, List<DetectorFinding> findings,
            FusionState state, long eventsSeen, Standing standing) {
        return fuse(subject, ts, triggerEventId, triggerEventId, findings, state, eventsSeen, standing, Hold.NONE);
    }

    /**
     * As above, with the analysts' suppressions that apply to the subject at {@code ts}: the
     * findings they hold back cannot lift the alert to {@code medium} or above.
     */
    public Optional<Alert> fuse(Subject subject, long ts, String triggerEventId, List<DetectorFinding> findings,
            FusionState state, long eventsSeen, Standing standing, Hold hold) {
        return fuse(subject, ts, triggerEventId, triggerEventId, findings, state, eventsSeen, standing, hold);
    }

    /**
     * As above, with where the client stands among the peers of its shape (read only when the
     * alert reaches {@code low}): a finding its shape explains ({@link PeerStanding#holds}) cannot
     * lift the alert to {@code medium} or above, and every finding's evidence states the shape and
     * the peer figures.
     */
    public Optional<Alert> fuse(Subject subject, long ts, String triggerEventId, List<DetectorFinding> findings,
            FusionState state, long eventsSeen, Standing standing, Hold hold, Supplier<PeerStanding> peers) {
        return fuse(subject, ts, triggerEventId, triggerEventId, findings, state, eventsSeen, standing, hold, peers);
    }

    /**
     * As {@link #fuse(Subject, long, String, List, FusionState, long, boolean)}, but a newly opened
     * alert's id is derived from {@code idSeed} instead of the triggering event. The cluster side
     * uses its cluster id here: which member's message happens to open a cluster alert depends on
     * how the upstream partitions interleave, the cluster id does not.
     */
    public Optional<Alert> fuse(Subject subject, long ts, String triggerEventId, String idSeed,
            List<DetectorFinding> findings, FusionState state, long eventsSeen, boolean allowListed) {
        return fuse(subject, ts, triggerEventId, idSeed, findings, state, eventsSeen, Standing.of(allowListed), Hold.NONE);
    }

    /** As above, with the analysts' suppressions that apply to the subject at {@code ts}. */
    public Optional<Alert> fuse(Subject subject, long ts, String triggerEventId, String idSeed,
            List<DetectorFinding> findings, FusionState state, long eventsSeen, boolean allowListed, Hold hold) {
        return fuse(subject, ts, triggerEventId, idSeed, findings, state, eventsSeen, Standing.of(allowListed), hold);
    }

    private Optional<Alert> fuse(Subject subject, long ts, String triggerEventId, String idSeed,
            List<DetectorFinding> findings, FusionState state, long eventsSeen, Standing standing, Hold hold) {
        return fuse(subject, ts, triggerEventId, idSeed, findings, state, eventsSeen, standing, hold, null);
    }

    private Optional<Alert> fuse(Subject subject, long ts, String triggerEventId, String idSeed,
            List<DetectorFinding> findings, FusionState state, long eventsSeen, Standing standing, Hold hold,
            Supplier<PeerStanding> peers) {
        boolean allowListed = standing.capped();
        for (DetectorFinding f : findings) {
            if (f.score() < config.noiseFloor()) {
                state.latest.remove(f.name());
                state.latestTs.remove(f.name());
            } else {
                state.latest.put(f.name(), f);
                state.latestTs.put(f.name(), ts);
            }
        }
        expire(state, ts);
        Map<EvidenceGroup, Double> groups = groupScores(state.latest.values());
        double fused = fusedScore(groups, standing);
        state.lastFused = fused;
        Severity severity = config.severityOf(fused);
        if (allowListed && severity != null && severity.compareTo(Severity.LOW) > 0) {
            severity = Severity.LOW;
        }
        List<HeldBack> held = hold.heldBack(state.latest.keySet());
        boolean heldDown = false;
        if (!held.isEmpty() && severity != null && severity.isDetection() && !freeFindingsDetect(state, standing, hold)) {
            severity = Severity.LOW;
            heldDown = true;
        }
        PeerStanding peer = peers == null || severity == null ? PeerStanding.NONE : peers.get();
        boolean peerHeld = false;
        if (severity != null && severity.isDetection() && peerHolds(state, standing, peer)) {
            severity = Severity.LOW;
            peerHeld = true;
        }
        boolean publishable = severity != null && severity.compareTo(config.minPublished()) >= 0;
        if (state.alertId != null && ts - state.lastSignalTs > config.closeAfter().toMillis()) {
            state.alertId = null;
        }
        if (hasSignal(findings) && publishable) {
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
                || (fused >= state.score + config.rescoreDelta()
                        && ts - state.lastPublishedTs >= config.minUpdateInterval().toMillis())
                // A version a suppression kept from escalating is published once, marked, unless
                // the alert already stands higher (versions never go down).
                || (heldDown && !state.heldDown && severity.compareTo(state.severity) >= 0)) {
            state.version++;
        } else {
            state.suppressed++;
            return Optional.empty();
        }
        state.severity = severity;
        state.score = fused;
        state.heldDown = heldDown;
        state.lastPublishedTs = ts;
        List<DetectorFinding> contributing = new ArrayList<>(state.latest.size());
        for (DetectorFinding f : state.latest.values()) {
            contributing.add(peer.annotate(f));
        }
        contributing.sort(Comparator.comparingDouble(DetectorFinding::score).reversed()
                .thenComparing(DetectorFinding::name));
        return Optional.of(new Alert(state.alertId, state.version, ts, state.firstTs, subject, severity,
                round(fused), contributing, triggerEventId, eventsSeen,
                summary(subject, severity, contributing, groups, standing)
                        + (allowListed ? " (allow-listed: capped at low)" : "")
                        + (heldDown ? " (suppressed: capped at low)" : "")
                        + (peerHeld ? " (ordinary for its peers, " + peer.shape().wireName() + " shape of " + peer.peers()
                                + " clients: held at low)" : ""),
                held, List.of()));
    }

    /** Whether the findings no suppression holds back reach {@code medium} on their own. */
    private boolean freeFindingsDetect(FusionState state, Standing standing, Hold hold) {
        List<DetectorFinding> free = new ArrayList<>(state.latest.size());
        for (DetectorFinding f : state.latest.values()) {
            if (!hold.holds(f.name())) {
                free.add(f);
            }
        }
        Severity s = config.severityOf(fusedScore(groupScores(free), standing));
        return s != null && s.isDetection();
    }

    /**
     * Whether the client's shape explains what makes the alert a detection: some finding is one
     * its peers make ordinary, and the other findings alone stay under {@code medium}.
     */
    private boolean peerHolds(FusionState state, Standing standing, PeerStanding peer) {
        if (!peer.active()) {
            return false;
        }
        List<DetectorFinding> free = new ArrayList<>(state.latest.size());
        boolean any = false;
        for (DetectorFinding f : state.latest.values()) {
            if (peer.holds(f)) {
                any = true;
            } else {
                free.add(f);
            }
        }
        if (!any) {
            return false;
        }
        Severity s = config.severityOf(fusedScore(groupScores(free), standing));
        return s == null || !s.isDetection();
    }

    /** How many of these findings carry a signal (a score at or above the noise floor) that the hold holds back. */
    public int heldSignals(List<DetectorFinding> findings, Hold hold) {
        if (hold.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (DetectorFinding f : findings) {
            if (f.score() >= config.noiseFloor() && hold.holds(f.name())) {
                n++;
            }
        }
        return n;
    }

    /**
     * The strongest score of each evidence group, over the findings at or above the noise floor. A
     * corroborating group ({@link EvidenceGroup#corroboratesOnly}) is kept only beside another
     * group.
     */
    Map<EvidenceGroup, Double> groupScores(Iterable<DetectorFinding> findings) {
        Map<EvidenceGroup, Double> groups = new EnumMap<>(EvidenceGroup.class);
        boolean other = false;
        for (DetectorFinding f : findings) {
            if (f.score() >= config.noiseFloor()) {
                groups.merge(f.group(), f.score(), Math::max);
                other |= !f.group().corroboratesOnly();
            }
        }
        if (!other) {
            groups.clear();
        }
        return groups;
    }

    /**
     * {@code 1 - (1 - S)(1 - min(G, S))} with S the noisy-OR of the specific groups and G that of the
     * supporting ones; G alone, capped at {@code supportOnlyMax}, when no group is specific.
     */
    double fusedScore(Map<EvidenceGroup, Double> groups) {
        return fusedScore(groups, Standing.NONE);
    }

    /** As {@link #fusedScore(Map)}, with the groups a declared use case explains counted as support. */
    double fusedScore(Map<EvidenceGroup, Double> groups, Standing standing) {
        double specificMiss = 1.0;
        for (Map.Entry<EvidenceGroup, Double> g : groups.entrySet()) {
            if (standing.specific(g.getKey())) {
                specificMiss *= 1.0 - g.getValue();
            }
        }
        EvidenceGroup strongest = strongestSpecific(groups, standing);
        double supportMiss = 1.0;
        for (Map.Entry<EvidenceGroup, Double> g : groups.entrySet()) {
            if (!standing.specific(g.getKey()) && counts(g.getKey(), strongest)) {
                supportMiss *= 1.0 - g.getValue();
            }
        }
        double specific = 1.0 - specificMiss;
        double support = 1.0 - supportMiss;
        if (specificMiss == 1.0) {
            return Math.min(support, config.supportOnlyMax());
        }
        return 1.0 - (1.0 - specific) * (1.0 - Math.min(support, specific));
    }

    /** The specific group with the highest score, or null when none is specific. */
    private static EvidenceGroup strongestSpecific(Map<EvidenceGroup, Double> groups, Standing standing) {
        EvidenceGroup strongest = null;
        for (Map.Entry<EvidenceGroup, Double> g : groups.entrySet()) {
            if (standing.specific(g.getKey()) && (strongest == null || g.getValue() > groups.get(strongest))) {
                strongest = g.getKey();
            }
        }
        return strongest;
    }

    /**
     * Whether a supporting group counts beside the strongest specific evidence: only where it is
     * not already part of it ({@link EvidenceGroup#corroborates}); a specific group a declared use
     * case demoted to support always counts.
     */
    private static boolean counts(EvidenceGroup support, EvidenceGroup strongest) {
        return strongest == null || support.specific() || support.corroborates(strongest);
    }

    /** True when some finding carries a score at or above the noise floor. */
    private boolean hasSignal(List<DetectorFinding> findings) {
        for (DetectorFinding f : findings) {
            if (f.score() >= config.noiseFloor()) {
                return true;
            }
        }
        return false;
    }

    private void expire(FusionState state, long ts) {
        long ttl = config.signalTtl().toMillis();
        Iterator<Map.Entry<String, Long>> it = state.latestTs.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (ts - e.getValue() > ttl) {
                state.latest.remove(e.getKey());
                it.remove();
            }
        }
    }

    private String summary(Subject subject, Severity severity, List<DetectorFinding> contributing,
            Map<EvidenceGroup, Double> groups, Standing standing) {
        StringBuilder sb = new StringBuilder();
        sb.append(severity.wireName()).append(": ").append(subject.key()).append(" - ");
        int n = 0;
        for (DetectorFinding f : contributing) {
            if (f.score() < config.low() && n > 0) {
                continue;
            }
            if (n++ > 0) {
                sb.append("; ");
            }
            sb.append(headlines.apply(f));
        }
        StringBuilder specific = new StringBuilder();
        StringBuilder support = new StringBuilder();
        StringBuilder uncounted = new StringBuilder();
        EvidenceGroup strongest = strongestSpecific(groups, standing);
        for (Map.Entry<EvidenceGroup, Double> g : groups.entrySet()) {
            StringBuilder to = standing.specific(g.getKey()) ? specific
                    : counts(g.getKey(), strongest) ? support : uncounted;
            to.append(to.isEmpty() ? "" : ", ").append(g.getKey().wireName()).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%.2f", g.getValue()));
        }
        sb.append(" [evidence: ").append(specific.isEmpty() ? "none specific" : specific);
        if (!support.isEmpty()) {
            sb.append("; support: ").append(support);
        }
        if (!uncounted.isEmpty()) {
            sb.append("; not counted beside it: ").append(uncounted);
        }
        sb.append(']');
        if (!standing.expected().isEmpty()) {
            sb.append(" (declared use case").append(standing.useCase().isEmpty() ? "" : ": " + standing.useCase())
                    .append(")");
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
