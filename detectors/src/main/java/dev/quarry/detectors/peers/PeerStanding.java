package dev.quarry.detectors.peers;

import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.alert.DetectorFinding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where a client stands among the peers of its shape, as fusion reads it: the shape, how many
 * peers its statistics pooled, and per compared evidence group the client's quantity, its
 * percentile and whether it is ordinary. Immutable.
 *
 * @param shape the client's shape
 * @param peers clients its shape's statistics pooled (0: none published yet)
 * @param figures per evidence group with a quantity, the client's figures
 * @param heldGroups groups an ordinary finding of which is held at {@code low}
 * @param maxHeldScore findings scoring this much or more are never held
 * @param active whether the shape has enough peers for its statistics to have any effect
 */
public record PeerStanding(ClientShape shape, int peers, Map<EvidenceGroup, Figure> figures,
        Set<EvidenceGroup> heldGroups, double maxHeldScore, boolean active) {
    /** No peer context: unknown shape, or peer statistics off. */
    public static final PeerStanding NONE = new PeerStanding(ClientShape.UNKNOWN, 0, Map.of(), Set.of(), 0, false);

    /**
     * One compared quantity.
     *
     * @param quantity what was compared
     * @param value the client's value
     * @param percentile share of peers at or below it (0-1)
     * @param ordinaryUpTo the peers' value at the ordinary percentile: at or below it is ordinary
     * @param ordinary whether the client's value is ordinary for its shape
     * @param risen whether the client's value has risen above its own history: what its shape
     *     makes ordinary is then new for the client (an account that was quiet and turned to
     *     sweeping), and is not held
     */
    public record Figure(PeerQuantity quantity, double value, double percentile, double ordinaryUpTo, boolean ordinary,
            boolean risen) {}

    public PeerStanding {
        Objects.requireNonNull(shape, "shape");
        figures = Map.copyOf(figures);
        heldGroups = Set.copyOf(heldGroups);
    }

    /**
     * Whether the finding is ordinary for the shape, and not new for the client itself, and so held
     * at {@code low}. A capability sweep
     * carried by the slow path (a sweep below human pace, its evidence's {@code slow_sweep_score})
     * is not what the window's breadth measures, so it is never held.
     */
    public boolean holds(DetectorFinding finding) {
        EvidenceGroup group = finding.group();
        double score = finding.score();
        if (!active || !heldGroups.contains(group) || score >= maxHeldScore) {
            return false;
        }
        if (group == EvidenceGroup.CAPABILITY_SWEEP && (!finding.evidence().containsKey("window_breadth")
                || (finding.evidence().get("slow_sweep_score") instanceof Number n && n.doubleValue() >= score))) {
            return false;
        }
        Figure f = figures.get(group);
        return f != null && f.ordinary() && !f.risen();
    }

    /**
     * The finding with the peer figures added to its evidence: the shape and, for a compared
     * group, the quantity, the client's value, its percentile among peers and the peers' count.
     */
    public DetectorFinding annotate(DetectorFinding f) {
        if (shape == ClientShape.UNKNOWN) {
            return f;
        }
        Map<String, Object> evidence = new LinkedHashMap<>(f.evidence());
        evidence.put("peer_shape", shape.wireName());
        evidence.put("peer_clients", peers);
        Figure fig = figures.get(f.group());
        if (fig != null && peers > 0) {
            evidence.put("peer_quantity", fig.quantity().wireName());
            evidence.put("peer_value", DetectorFinding.round(fig.value()));
            evidence.put("peer_percentile", DetectorFinding.round(fig.percentile()));
            evidence.put("peer_ordinary_up_to", DetectorFinding.round(fig.ordinaryUpTo()));
            if (fig.risen()) {
                evidence.put("peer_risen_above_own_history", true);
            }
            if (holds(f)) {
                evidence.put("peer_held", true);
            }
        }
        return new DetectorFinding(f.name(), f.group(), f.score(), evidence);
    }
}
