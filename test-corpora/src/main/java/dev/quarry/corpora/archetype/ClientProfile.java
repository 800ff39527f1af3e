package dev.quarry.corpora.archetype;

import java.util.Objects;

/**
 * Who a simulated client is: the identity fields every one of its events carries, plus its place
 * in a coordinated group. Members of a group split one job between them (disjoint vocabulary
 * blocks, disjoint tasks) and derive the shared plan from {@code groupSeed}. Immutable.
 *
 * @param index position of the client in the corpus; breaks timestamp ties between clients
 * @param clientId the API key, {@code key_} and 10 hex digits
 * @param tlsFingerprint a JA4-style fingerprint of the client's TLS stack
 * @param paymentFingerprint opaque hash of the payment instrument, or null where none is known
 * @param utcOffsetMinutes the client's local time zone, for diurnal and business-hour rhythms
 * @param group name of the coordinated cluster, or the empty string for a lone client
 * @param groupRank this member's position in the group, 0 to {@code groupSize - 1}
 * @param groupSize how many members the group has; 1 for a lone client
 * @param groupSeed seed of the plan the group shares
 */
public record ClientProfile(
        int index,
        String clientId,
        String orgId,
        String ip,
        String userAgent,
        String tlsFingerprint,
        String paymentFingerprint,
        int utcOffsetMinutes,
        ArchetypeKind kind,
        String group,
        int groupRank,
        int groupSize,
        long groupSeed) {

    public ClientProfile {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(group, "group");
        if (groupSize < 1 || groupRank < 0 || groupRank >= groupSize) {
            throw new IllegalArgumentException("rank " + groupRank + " outside group of " + groupSize);
        }
    }
}
