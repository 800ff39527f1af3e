package dev.quarry.detectors.cluster;

import java.util.Objects;

/**
 * What flows on the cluster side of the topology. All carry the event time they stem from, so the
 * cluster side is ordered and stamped by event time like the rest. Immutable.
 */
public sealed interface ClusterMessage permits ClusterMessage.LinkClaim, ClusterMessage.Edge, ClusterMessage.ClientSummary,
        ClusterMessage.ItemClaim, ClusterMessage.AttributeClaim,
        ClusterMessage.PeerSample {

    /** Event time this message stems from. */
    long ts();

    /** A client carries a link key (sent once per client and key, keyed by the key), seen first in {@code eventId}. */
    record LinkClaim(String key, String clientId, String eventId, long ts) implements ClusterMessage {
        public LinkClaim {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(eventId, "eventId");
        }
    }

    /**
     * A client carries one attribute a weak link key is made of ({@code tls:}, {@code net:},
     * {@code tpl:}, see {@link LinkKeys#attributesOf}), or {@link LinkKeys#POPULATION} once per
     * client: sent once per client and attribute, to the cluster side, which counts how common each
     * attribute is ({@link LinkEvidence}).
     */
    record AttributeClaim(String attribute, String clientId, long ts) implements ClusterMessage {
        public AttributeClaim {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(clientId, "clientId");
        }
    }

    /** Two clients share a link key: union their clusters. {@code eventId} is the claim's event, b's new link. */
    record Edge(String a, String b, String key, String eventId, long ts) implements ClusterMessage {
        public Edge {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(eventId, "eventId");
        }
    }

    /**
     * A client's compact summary for pooling.
     *
     * @param eventId the event that triggered the summary
     * @param marks the client's template marks, sorted (see {@link ClientLinkState#marks})
     * @param sampleTemplate the triggering prompt's skeleton, clipped (attacker text: data only)
     * @param sweep the client's latest capability-coverage window scored without its pace (0: none)
     * @param sweepRate that window's prompts per hour (0: none)
     */
    record ClientSummary(String clientId, String eventId, long ts, long firstTs, long events, int activeHours,
            int maxHourly, double meanCompletionTokens, double score, long[] marks, String sampleTemplate,
            double sweep, double sweepRate) implements ClusterMessage {
        public ClientSummary {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(eventId, "eventId");
            marks = marks == null ? new long[0] : marks.clone();
            sampleTemplate = sampleTemplate == null ? "" : sampleTemplate;
        }
    }

    /**
     * A client's prompt repeated an item of a public benchmark or instruction set (keyed by the
     * set): the dataset-split side pools these per set.
     *
     * @param org the organisation the client declared, "" for none
     * @param item the item's id in the reference index
     * @param setSize items in the set
     */
    record ItemClaim(String set, String clientId, String org, int item, int setSize, String eventId, long ts)
            implements ClusterMessage {
        public ItemClaim {
            Objects.requireNonNull(set, "set");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(org, "org");
            Objects.requireNonNull(eventId, "eventId");
        }
    }

    /**
     * A classified client's latest quantities for its shape's peer statistics (sent every
     * {@code peers.sampleEvery} events and when its shape changes), to the single peer-statistics
     * partition.
     *
     * @param shape the client's {@link dev.quarry.detectors.peers.ClientShape} wire name
     * @param values the client's {@link dev.quarry.detectors.peers.PeerQuantity} values, in that
     *     enum's order
     */
    record PeerSample(String clientId, String shape, long ts, double[] values) implements ClusterMessage {
        public PeerSample {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(shape, "shape");
            values = values == null ? new double[0] : values.clone();
        }
    }
}
