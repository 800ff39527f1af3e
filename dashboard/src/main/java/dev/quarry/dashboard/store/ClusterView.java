package dev.quarry.dashboard.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the store knows about one cluster (a subject of kind {@code cluster}): its alerts,
 * the members and link keys they name, and its pooled volume at each alert version. A cluster
 * without alerts has empty lists. Immutable.
 *
 * @param clusterId the cluster
 * @param clusterSize the largest {@code cluster_size} its findings reported, or the members named
 *     when that is larger
 * @param alerts current versions of its alerts, newest first, at most
 *     {@value AlertStore#CLIENT_ALERTS_LIMIT}
 * @param members every member the versions name (subjects list at most 32, findings as many),
 *     smallest id first
 * @param linkKeys every link key the versions name; which member shares which key is not in the
 *     alerts
 * @param volume the pooled volume at each version, oldest first
 * @param signals every version, oldest first, at most the newest
 *     {@value AlertStore#CLIENT_SIGNALS_LIMIT}
 */
public record ClusterView(
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("cluster_size") long clusterSize,
        @JsonProperty("alerts") List<Alert> alerts,
        @JsonProperty("members") List<String> members,
        @JsonProperty("link_keys") List<String> linkKeys,
        @JsonProperty("volume") List<PooledVolume> volume,
        @JsonProperty("signals") List<SignalPoint> signals) {

    public ClusterView {
        alerts = List.copyOf(alerts);
        members = List.copyOf(members);
        linkKeys = List.copyOf(linkKeys);
        volume = List.copyOf(volume);
        signals = List.copyOf(signals);
    }

    /**
     * The cluster's pooled traffic when one version was made.
     *
     * @param pooledEvents the members' events together ({@code events_seen})
     * @param pooledPromptsPerHour the sweeping members' prompts per hour together
     *     ({@code pooled_capability_coverage}), when that detector reported
     * @param maxMemberHourly the busiest member's most events in an hour ({@code hydra_cluster})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PooledVolume(
            @JsonProperty("ts") long ts,
            @JsonProperty("alert_id") String alertId,
            @JsonProperty("pooled_events") long pooledEvents,
            @JsonProperty("pooled_prompts_per_hour") Long pooledPromptsPerHour,
            @JsonProperty("max_member_hourly") Long maxMemberHourly) {}

    /** The view of {@code clusterId} from its current alerts and its versions, oldest first. */
    static ClusterView of(String clusterId, List<Alert> current, List<Alert> versionsOldestFirst) {
        Set<String> members = new TreeSet<>();
        Set<String> keys = new LinkedHashSet<>();
        long size = 0;
        List<PooledVolume> volume = new ArrayList<>();
        for (Alert alert : versionsOldestFirst) {
            if (alert.subject().members() != null) {
                members.addAll(alert.subject().members());
            }
            Long pooledRate = null;
            Long maxHourly = null;
            for (DetectorFinding f : alert.detectors()) {
                Map<String, Object> ev = f.evidence();
                members.addAll(strings(ev.get("members")));
                members.addAll(strings(ev.get("member_ids")));
                keys.addAll(strings(ev.get("link_keys")));
                if (ev.get("cluster_size") instanceof Number n) {
                    size = Math.max(size, n.longValue());
                }
                if (ev.get("pooled_prompts_per_hour") instanceof Number n) {
                    pooledRate = n.longValue();
                }
                if (ev.get("max_member_hourly") instanceof Number n) {
                    maxHourly = n.longValue();
                }
            }
            volume.add(new PooledVolume(alert.ts(), alert.alertId(), alert.eventsSeen(), pooledRate, maxHourly));
        }
        List<SignalPoint> signals = versionsOldestFirst.stream().map(SignalPoint::of).toList();
        return new ClusterView(clusterId, Math.max(size, members.size()), current, List.copyOf(members),
                List.copyOf(keys), volume, signals);
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
}
