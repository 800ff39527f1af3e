package dev.quarry.detectors.cluster;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.CapabilityCoverageConfig;
import dev.quarry.detectors.config.HydraConfig;
import dev.quarry.detectors.detector.CapabilityCoverageDetector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * Scores a cluster of linked accounts on its pooled traffic: the "hydra cluster" pattern of
 * Anthropic's 2026 report on distillation attacks (16M+ exchanges over ~24,000 fraudulent
 * accounts, each under per-account rate limits, tied together by shared infrastructure, shared
 * prompt templates and synchronised timing) and of Google GTIG's 2026 AI threat tracker
 * (distillation and extraction campaigns spread over many accounts). No member need stand out
 * alone; the fleet does.
 *
 * <p>Linking alone never scores: one company's keys share an org and a payment instrument, and an
 * office shares a NAT. The score multiplies what only a distillation fleet has together:
 * <ul>
 *   <li>the share of summarised members carrying the cluster's most common template mark (below
 *       {@code minSharedTemplate}, {@value HydraConfig#DEFAULT_MIN_SHARED_TEMPLATE}, nothing is
 *       reported: strangers behind one NAT do not fill one template);
 *   <li>whether the accounts hide their link: a cluster linked through an {@code org:} key holds
 *       one tenant's declared keys (a company's products under one organisation, often behind one
 *       office network), which may share a template by design; a fleet that hides its common
 *       ownership does not declare one organisation. Its score is multiplied by
 *       {@code declaredTenantFactor} ({@value HydraConfig#DEFAULT_DECLARED_TENANT_FACTOR}, the
 *       watch list at most). The answers' length is never used: a fleet sweeping logits or grading
 *       candidates keeps short answers;
 *   <li>pooled volume, from 0.5 up to 1 at {@code fullPooledEvents}
 *       ({@value HydraConfig#DEFAULT_FULL_POOLED_EVENTS});
 *   <li>size, from 0.5 at {@code minMembers} ({@value HydraConfig#DEFAULT_MIN_MEMBERS}; fewer are
 *       not scored, so an evaluation split over 3 keys is not a fleet) to 1 at {@code fullMembers}
 *       ({@value HydraConfig#DEFAULT_FULL_MEMBERS}).
 * </ul>
 * The members' own mean fused score, times the shared-template share, adds with weight
 * {@code memberScoreWeight} ({@value HydraConfig#DEFAULT_MEMBER_SCORE_WEIGHT}). Start-time spread,
 * per-member hourly peak and events per member are reported as evidence (a fleet's members stay
 * under per-key caps and start together).
 *
 * <p>Stateless and thread-safe.
 */
public final class HydraClusterDetector {
    public static final String NAME = "hydra_cluster";
    /** The fleet's pooled capability sweep (see {@link #pooledSweep}). */
    public static final String POOLED_SWEEP = "pooled_capability_coverage";
    private static final double HOUR = 3_600_000.0;
    private final HydraConfig config;
    private final DoubleUnaryOperator pace;

    /** With {@code capability_coverage}'s default pace ramp. */
    public HydraClusterDetector(HydraConfig config) {
        this(config, new CapabilityCoverageDetector(new CapabilityCoverageConfig())::pace);
    }

    /**
     * @param pace the pace part of a capability sweep's score at a given number of prompts an hour
     *     ({@link CapabilityCoverageDetector#pace}), applied to the fleet's pooled rate
     */
    public HydraClusterDetector(HydraConfig config, DoubleUnaryOperator pace) {
        this.pace = pace;
        if (config.minMembers() < 2 || config.fullMembers() < config.minMembers() || config.fullPooledEvents() < 1) {
            throw new IllegalArgumentException(
                    "detection.hydra: need 2 <= minMembers <= fullMembers and fullPooledEvents >= 1");
        }
        this.config = config;
    }

    /** The {@code detection.hydra} section this detector scores with. */
    public HydraConfig config() {
        return config;
    }

    /** The cluster's finding, or empty when it is too small or its members do not share a template. */
    public Optional<DetectorFinding> score(ClusterStats s) {
        int n = s.summarised;
        if (n < config.minMembers()) {
            return Optional.empty();
        }
        double share = Math.min(1.0, (double) s.topMarkMembers() / n);
        if (share < config.minSharedTemplate()) {
            return Optional.empty();
        }
        double meanCompletion = s.sumCompletion / n;
        boolean declared = declaredTenant(s);
        double volume = Math.min(1.0, (double) s.totalEvents / config.fullPooledEvents());
        double size = Math.min(1.0,
                (double) (n - config.minMembers()) / Math.max(1, config.fullMembers() - config.minMembers()));
        double meanMember = Math.max(0, s.sumScore / n);
        double base = share * (0.5 + 0.5 * volume) * (0.5 + 0.5 * size);
        double w = config.memberScoreWeight();
        double score = Math.min(1.0, (1 - w) * base + w * share * meanMember)
                * (declared ? config.declaredTenantFactor() : 1.0);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("cluster_size", s.size);
        evidence.put("members_summarised", n);
        evidence.put("members", new ArrayList<>(s.members));
        evidence.put("link_keys", new ArrayList<>(s.keys));
        evidence.put("pooled_events", s.totalEvents);
        evidence.put("events_per_member", Math.round((double) s.totalEvents / n));
        evidence.put("max_member_hourly", s.maxHourly);
        evidence.put("mean_active_hours", round((double) s.activeHours / n));
        evidence.put("shared_template_share", round(share));
        evidence.put("mean_completion_tokens", Math.round(meanCompletion));
        evidence.put("mean_member_score", round(meanMember));
        evidence.put("max_member_score", round(s.maxScore));
        evidence.put("start_spread_hours", s.maxFirstTs >= s.minFirstTs ? round((s.maxFirstTs - s.minFirstTs) / HOUR) : 0);
        evidence.put("declared_tenant", declared);
        evidence.put("sample_template", s.sampleTemplate);
        return Optional.of(new DetectorFinding(NAME, EvidenceGroup.COORDINATION, round(score), evidence));
    }

    /**
     * The fleet's capability sweep, pooled: a fleet under per-key rate limits sweeps at the pace of
     * its members together, which no member shows alone (Anthropic 2026: each account under its
     * limit). Each member's summary carries its latest {@code capability_coverage} window scored
     * without pace (volume, harvest style, breadth, task spread, shift from benign chat) and that
     * window's prompts per hour. The pooled score is the rate-weighted mean of those scores times
     * {@code capability_coverage}'s own pace ramp at the members' summed rate, times
     * {@code declaredTenantFactor} for a cluster linked through an {@code org:} key. The fleet is
     * the members carrying one template mark ({@link #sweepMark}), so strangers linked in through
     * a shared network neither dilute it nor count; it needs at least {@code minMembers} such
     * members with a window. Evidence group {@code capability_sweep}: the same evidence as the
     * detector, for the fleet.
     */
    public Optional<DetectorFinding> pooledSweep(ClusterStats s) {
        Long mark = sweepMark(s);
        if (mark == null) {
            return Optional.empty();
        }
        double[] w = s.markSweep(mark);
        int windows = (int) Math.round(w[2]);
        double mean = w[0] / w[1];
        double pooledPace = pace.applyAsDouble(w[1]);
        boolean declared = declaredTenant(s);
        double score = mean * pooledPace * (declared ? config.declaredTenantFactor() : 1.0);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("cluster_size", s.size);
        evidence.put("template_members", s.marks.getOrDefault(mark, 0));
        evidence.put("members_with_windows", windows);
        evidence.put("pooled_prompts_per_hour", Math.round(w[1]));
        evidence.put("mean_member_prompts_per_hour", Math.round(w[1] / windows));
        evidence.put("mean_pace_free_score", round(mean));
        evidence.put("pooled_pace", round(pooledPace));
        evidence.put("declared_tenant", declared);
        return Optional.of(new DetectorFinding(POOLED_SWEEP, EvidenceGroup.CAPABILITY_SWEEP, round(score), evidence));
    }

    /**
     * The template mark whose carriers sweep hardest together: of the marks with at least
     * {@code minMembers} carriers with a window, the one with the largest sum of rate x pace-free
     * score at the group's pace (the smallest on ties); null when none qualifies. A cluster merged
     * through a shared network may hold several groups, each with its own template.
     */
    public Long sweepMark(ClusterStats s) {
        Long best = null;
        double bestScore = -1;
        for (Map.Entry<Long, double[]> e : s.markSweeps.entrySet()) {
            double[] w = e.getValue();
            if (Math.round(w[2]) < config.minMembers() || w[1] <= 0) {
                continue;
            }
            // Rate-weighted sweep mass at the group's pace: a template's subsets of carriers (each
            // slot of one template is a mark) lose to the whole group.
            double score = w[0] * pace.applyAsDouble(w[1]);
            if (score > bestScore) {
                best = e.getKey();
                bestScore = score;
            }
        }
        return best;
    }

    /** The cluster is linked through an organisation's key: its members are declared as one tenant. */
    static boolean declaredTenant(ClusterStats s) {
        for (String k : s.keys) {
            if (k.startsWith(LinkKeys.ORG)) {
                return true;
            }
        }
        return false;
    }

    /** One line for an analyst. */
    public String headline(DetectorFinding f) {
        if (POOLED_SWEEP.equals(f.name())) {
            return "fleet capability sweep: " + f.evidence().get("members_with_windows") + " members at "
                    + f.evidence().get("pooled_prompts_per_hour") + " prompts/h together ("
                    + f.evidence().get("mean_member_prompts_per_hour") + " each)";
        }
        if (f.evidence().containsKey("cluster_id") && !f.evidence().containsKey("members_summarised")) {
            return "member of hydra cluster " + f.evidence().get("cluster_id");
        }
        Object share = f.evidence().get("shared_template_share");
        long pct = share instanceof Number x ? Math.round(x.doubleValue() * 100) : 0;
        return "hydra cluster: " + f.evidence().get("cluster_size") + " linked accounts, " + pct
                + "% share one template, " + f.evidence().get("pooled_events") + " pooled requests";
    }

}
