package dev.quarry.detectors.peers;

import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.PeersConfig;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Puts a client among the peers of its shape. A finding of a compared group ({@code peers.heldGroups}:
 * {@code capability_sweep} by breadth, {@code provenance} by the share of prompts that repeat
 * public items) is <em>ordinary</em> when the client's quantity is at or below the
 * {@code ordinaryPercentile} (0.75) point of its shape's peers: its shape then explains it, and
 * fusion holds it at {@code low} unless it scores {@code maxHeldScore} (0.7) or more. A legitimate
 * heavy product is broad or pastes public items like the other products of its shape; an extractor
 * posing as one sits in the top quarter. The quarter is the margin against poisoning: an attack
 * hides this way only once its accounts are a quarter of their shape's clients, and then the
 * fleet's coordination and the evidence groups that are never held still speak. Nor is a finding
 * held when the client's own quantity has risen above its own history
 * ({@code detection.capabilityCoverage.ownRiseSds}, for breadth): an account that was quiet for
 * its shape and turned to sweeping, as a stolen or aged key does. With fewer than
 * {@code minPeers} (20) clients of its shape pooled, nothing is held (bootstrap); at 20, the 75th
 * percentile sits between the 15th and 16th client, so one or two outliers do not move it.
 *
 * <p>Evidence of extraction itself ({@link PeersConfig#NEVER_HELD}) is never held; its findings
 * only carry the shape in their evidence. Stateless and thread-safe.
 */
public final class PeerContext {
    private final PeersConfig config;
    private final LivePeerStats stats;
    private final Set<EvidenceGroup> held;

    public PeerContext(PeersConfig config, LivePeerStats stats) {
        this.config = config;
        this.stats = stats;
        Set<EvidenceGroup> h = EnumSet.noneOf(EvidenceGroup.class);
        for (EvidenceGroup g : config.heldGroups()) {
            if (!PeersConfig.NEVER_HELD.contains(g) && PeerQuantity.of(g) != null) {
                h.add(g);
            }
        }
        this.held = h;
    }

    /**
     * Where a client of this shape with these quantity values (in {@link PeerQuantity} order)
     * stands at event time {@code ts}, and which of its quantities have risen above its own
     * history (a risen quantity is never ordinary enough to hold its finding). The statistics are
     * those of the newest boundary at or before {@code ts - grace - readLag}: a snapshot that the
     * statistics side has certainly published by the time a client's events reach {@code ts},
     * unless it runs more than {@code readLag} of event time behind.
     */
    public PeerStanding standing(ClientShape shape, double[] values, boolean[] risen, long ts) {
        if (shape == ClientShape.UNKNOWN) {
            return PeerStanding.NONE;
        }
        PeerSnapshot snap = stats.at(shape, ts - config.grace().toMillis() - config.readLag().toMillis());
        if (snap == null) {
            return new PeerStanding(shape, 0, Map.of(), held, config.maxHeldScore(), false);
        }
        Map<EvidenceGroup, PeerStanding.Figure> figures = new EnumMap<>(EvidenceGroup.class);
        for (PeerQuantity q : PeerQuantity.values()) {
            if (q.group() == null || q.ordinal() >= values.length || snap.points(q) == null) {
                continue;
            }
            double v = values[q.ordinal()];
            double upTo = snap.valueAt(q, config.ordinaryPercentile());
            boolean up = q.ordinal() < risen.length && risen[q.ordinal()];
            figures.put(q.group(), new PeerStanding.Figure(q, v, snap.percentileOf(q, v), upTo, v <= upTo, up));
        }
        return new PeerStanding(shape, snap.clients(), figures, held, config.maxHeldScore(),
                snap.clients() >= config.minPeers());
    }
}
