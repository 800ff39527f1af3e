package dev.quarry.detectors.peers;

import dev.quarry.detectors.alert.EvidenceGroup;
import java.util.Locale;

/**
 * The per-client quantities compared with a client's peers, each behind the false positives of
 * one evidence group on heavy legitimate products. The order is the wire order of a
 * {@link dev.quarry.detectors.cluster.ClusterMessage.PeerSample}'s values: new quantities go at
 * the end.
 */
public enum PeerQuantity {
    /**
     * Capability breadth: the client's latest {@code capability_coverage} window scored without its
     * pace (0 before its first window). Content products, coding agents and tutoring apps are broad
     * by nature; compared for {@link EvidenceGroup#CAPABILITY_SWEEP}.
     */
    BREADTH(EvidenceGroup.CAPABILITY_SWEEP),
    /**
     * Share of the client's prompts that repeat an item of a public benchmark or instruction set;
     * compared for {@link EvidenceGroup#PROVENANCE}.
     */
    PROVENANCE_SHARE(EvidenceGroup.PROVENANCE),
    /** Events per active clock hour: context in the evidence only. */
    VOLUME_PER_ACTIVE_HOUR(null);

    private final EvidenceGroup group;

    PeerQuantity(EvidenceGroup group) {
        this.group = group;
    }

    /** The evidence group this quantity is compared for, or null (context only). */
    public EvidenceGroup group() {
        return group;
    }

    /** The quantity compared for a group, or null. */
    public static PeerQuantity of(EvidenceGroup group) {
        for (PeerQuantity q : values()) {
            if (q.group == group) {
                return q;
            }
        }
        return null;
    }

    /** Lower-case wire name, as in alert evidence. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
