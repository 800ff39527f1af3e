package dev.quarry.detectors.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * Who an alert is about: one client (API key or account), a cluster of clients acting together,
 * or the endpoint itself serving one model (an operational alert such as watermark health, not
 * an accusation of any client).
 *
 * @param kind {@code client}, {@code cluster} or {@code endpoint}
 * @param clientId set for a client subject
 * @param clusterId set for a cluster subject
 * @param members the cluster's clients; empty for a client subject
 * @param model set for an endpoint subject: the {@code model} the endpoint served
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Subject(
        @JsonProperty("kind") String kind,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("members") List<String> members,
        @JsonProperty("model") String model) {

    public static final String CLIENT = "client";
    public static final String CLUSTER = "cluster";
    public static final String ENDPOINT = "endpoint";

    public Subject {
        Objects.requireNonNull(kind, "kind");
        if (!CLIENT.equals(kind) && !CLUSTER.equals(kind) && !ENDPOINT.equals(kind)) {
            throw new IllegalArgumentException("subject kind must be client, cluster or endpoint: " + kind);
        }
        members = members == null ? null : List.copyOf(members);
    }

    public static Subject client(String clientId) {
        return new Subject(CLIENT, Objects.requireNonNull(clientId, "clientId"), null, null, null);
    }

    public static Subject cluster(String clusterId, List<String> members) {
        return new Subject(CLUSTER, null, Objects.requireNonNull(clusterId, "clusterId"), members, null);
    }

    /** The endpoint serving {@code model}. */
    public static Subject endpoint(String model) {
        return new Subject(ENDPOINT, null, null, null, Objects.requireNonNull(model, "model"));
    }

    /** The key alerts about this subject are grouped under: the client id, the cluster id or the model. */
    public String key() {
        if (ENDPOINT.equals(kind)) {
            return model;
        }
        return CLIENT.equals(kind) ? clientId : clusterId;
    }
}
