package dev.quarry.detectors.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * Who an alert is about: one client (API key or account) or a cluster of clients acting together.
 *
 * @param kind {@code client} or {@code cluster}
 * @param clientId set for a client subject
 * @param clusterId set for a cluster subject
 * @param members the cluster's clients; empty for a client subject
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Subject(
        @JsonProperty("kind") String kind,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("members") List<String> members) {

    public static final String CLIENT = "client";
    public static final String CLUSTER = "cluster";

    public Subject {
        Objects.requireNonNull(kind, "kind");
        if (!CLIENT.equals(kind) && !CLUSTER.equals(kind)) {
            throw new IllegalArgumentException("subject kind must be client or cluster: " + kind);
        }
        members = members == null ? null : List.copyOf(members);
    }

    public static Subject client(String clientId) {
        return new Subject(CLIENT, Objects.requireNonNull(clientId, "clientId"), null, null);
    }

    public static Subject cluster(String clusterId, List<String> members) {
        return new Subject(CLUSTER, null, Objects.requireNonNull(clusterId, "clusterId"), members);
    }

    /** The key alerts about this subject are grouped under: the client id or the cluster id. */
    public String key() {
        return CLIENT.equals(kind) ? clientId : clusterId;
    }
}
