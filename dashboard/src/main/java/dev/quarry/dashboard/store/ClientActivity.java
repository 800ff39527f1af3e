package dev.quarry.dashboard.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Subject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a client's alert versions tell about its traffic over time, for the client page: its
 * request rate, the mean answer length the detectors measured, the sampling and logit-bias figures
 * they reported, the templates it filled, sample prompts, and the clusters it was linked into.
 *
 * <p>Everything here comes from the evidence the detectors put in the alerts, so it exists only
 * where an alert version was published: the figures are snapshots at those moments, not a
 * continuous record of the client's traffic. Input tokens and the raw sampling parameters of the
 * latest request come from {@code automation_cadence}, which reports them only once a client looks
 * automated enough to be reported at all. Immutable.
 *
 * @param volume the client's event count at each of its own alert versions, oldest first
 * @param promptsPerHour {@code capability_coverage}'s prompts per hour of its latest window
 * @param inputTokens mean prompt lengths reported by {@code automation_cadence}
 * @param outputTokens mean answer lengths reported by the detectors that measure them
 * @param sampling the latest value of each evidence figure about sampling parameters
 * @param logitBias the latest value of each logit-bias figure
 * @param templates templates the client filled, most fills first
 * @param prompts distinct sample prompts quoted in the evidence, newest first, at most
 *     {@value #MAX_PROMPTS}, each at most {@value #MAX_PROMPT_CHARS} characters
 * @param clusters clusters the client was linked into, newest first
 */
public record ClientActivity(
        @JsonProperty("volume") List<VolumePoint> volume,
        @JsonProperty("prompts_per_hour") List<EvidencePoint> promptsPerHour,
        @JsonProperty("input_tokens") List<EvidencePoint> inputTokens,
        @JsonProperty("output_tokens") List<EvidencePoint> outputTokens,
        @JsonProperty("sampling") List<EvidenceValue> sampling,
        @JsonProperty("logit_bias") List<EvidenceValue> logitBias,
        @JsonProperty("templates") List<TemplateFills> templates,
        @JsonProperty("prompts") List<PromptSample> prompts,
        @JsonProperty("clusters") List<LinkedCluster> clusters) {

    /** Most sample prompts listed. */
    public static final int MAX_PROMPTS = 50;
    /** Longest sample prompt kept; the page truncates further and expands on request. */
    public static final int MAX_PROMPT_CHARS = 4000;

    private static final long HOUR_MS = 3_600_000L;

    /** Evidence keys that hold a mean answer length, per detector. */
    private static final Map<String, String> OUTPUT_TOKENS = Map.of(
            "templated_queries", "mean_completion_tokens",
            "near_duplicate_queries", "near_duplicate_mean_completion_tokens",
            "reasoning_trace_coercion", "mean_output_tokens",
            "automation_cadence", "mean_completion_tokens");
    /** Evidence keys about sampling parameters, per detector. */
    private static final Map<String, List<String>> SAMPLING = Map.of(
            "automation_cadence", List.of("share_modal_sampling_params", "latest_sampling"),
            "reasoning_trace_coercion", List.of("share_max_tokens_at_cap"),
            "logit_bias_sweep", List.of("share_one_token_logprob_requests"),
            "logit_bias_bisection", List.of("share_one_token_probes"));
    /** Evidence keys about logit bias, per detector. */
    private static final Map<String, List<String>> LOGIT_BIAS = Map.of(
            "logit_bias_sweep", List.of("distinct_biased_tokens", "biased_requests", "requests", "largest_bias_set",
                    "lowest_biased_token", "highest_biased_token", "prompt_repeats_with_new_bias", "watch_tokens"),
            "logit_bias_bisection", List.of("searched_tokens", "probe_requests", "share_search_steps",
                    "min_values_per_token"));
    /** Evidence keys that quote a prompt, per detector. */
    private static final Map<String, String> PROMPTS = Map.of(
            "templated_queries", "latest_prompt",
            "near_duplicate_queries", "latest_near_duplicate",
            "reasoning_trace_coercion", "latest_instruction",
            "reward_harvesting", "latest_instruction",
            "watermark_echo", "sample");

    public ClientActivity {
        volume = List.copyOf(volume);
        promptsPerHour = List.copyOf(promptsPerHour);
        inputTokens = List.copyOf(inputTokens);
        outputTokens = List.copyOf(outputTokens);
        sampling = List.copyOf(sampling);
        logitBias = List.copyOf(logitBias);
        templates = List.copyOf(templates);
        prompts = List.copyOf(prompts);
        clusters = List.copyOf(clusters);
    }

    /**
     * The client's event count when one of its own alert versions was made.
     *
     * @param eventsSeen the version's {@code events_seen}
     * @param requestsPerHour events since the previous point divided by the hours between them;
     *     null for the first point, for two points at the same time, and when the count fell
     *     (two alerts counted by different parts of the topology)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VolumePoint(
            @JsonProperty("ts") long ts,
            @JsonProperty("alert_id") String alertId,
            @JsonProperty("events_seen") long eventsSeen,
            @JsonProperty("requests_per_hour") Double requestsPerHour) {}

    /** One number from one alert version's evidence. */
    public record EvidencePoint(
            @JsonProperty("ts") long ts,
            @JsonProperty("alert_id") String alertId,
            @JsonProperty("detector") String detector,
            @JsonProperty("value") double value) {}

    /** The latest value of one evidence key, and when it was reported. */
    public record EvidenceValue(
            @JsonProperty("ts") long ts,
            @JsonProperty("detector") String detector,
            @JsonProperty("key") String key,
            @JsonProperty("value") Object value) {}

    /**
     * A template the client filled, as {@code templated_queries} last reported it.
     *
     * @param fills prompts that filled it ({@code prompts_in_template}), the most reported
     * @param share the template's share of the client's prompts then
     * @param templatesSeen templates the client used in all, as last reported
     */
    public record TemplateFills(
            @JsonProperty("template_id") String templateId,
            @JsonProperty("template") String template,
            @JsonProperty("fills") long fills,
            @JsonProperty("share") double share,
            @JsonProperty("templates_seen") long templatesSeen,
            @JsonProperty("last_ts") long lastTs) {}

    /** A prompt quoted in a detector's evidence ({@code key}); attacker-controlled text. */
    public record PromptSample(
            @JsonProperty("ts") long ts,
            @JsonProperty("detector") String detector,
            @JsonProperty("key") String key,
            @JsonProperty("text") String text,
            @JsonProperty("truncated") boolean truncated) {}

    /**
     * A cluster the client was linked into, from cluster alerts that list it and from its own
     * {@code hydra_cluster} and {@code dataset_split} findings.
     *
     * @param members the members named in those alerts (a sample: alerts list at most 32)
     * @param linkKeys the cluster's link keys; which member shares which key is not in the alerts
     */
    public record LinkedCluster(
            @JsonProperty("cluster_id") String clusterId,
            @JsonProperty("cluster_size") long clusterSize,
            @JsonProperty("members") List<String> members,
            @JsonProperty("link_keys") List<String> linkKeys,
            @JsonProperty("last_ts") long lastTs) {}

    /** An empty activity, for a client without alerts. */
    public static ClientActivity none() {
        return new ClientActivity(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of());
    }

    /**
     * The activity of {@code clientId} from the versions of its alerts, oldest first: its own
     * alerts and cluster alerts that list it. Only its own alerts count for volume, rates and
     * templates; a cluster alert's figures are the cluster's.
     */
    public static ClientActivity of(String clientId, List<Alert> versionsOldestFirst) {
        List<VolumePoint> volume = new ArrayList<>();
        List<EvidencePoint> promptsPerHour = new ArrayList<>();
        List<EvidencePoint> inputTokens = new ArrayList<>();
        List<EvidencePoint> outputTokens = new ArrayList<>();
        Map<String, EvidenceValue> sampling = new LinkedHashMap<>();
        Map<String, EvidenceValue> logitBias = new LinkedHashMap<>();
        Map<String, TemplateFills> templates = new LinkedHashMap<>();
        Map<String, PromptSample> prompts = new LinkedHashMap<>();
        Map<String, ClusterBuilder> clusters = new LinkedHashMap<>();

        for (Alert alert : versionsOldestFirst) {
            Subject subject = alert.subject();
            if (Subject.CLUSTER.equals(subject.kind())) {
                ClusterBuilder c = clusters.computeIfAbsent(subject.clusterId(), ClusterBuilder::new);
                c.seen(alert.ts(), subject.members(), null, 0);
                for (DetectorFinding f : alert.detectors()) {
                    c.seen(alert.ts(), strings(f.evidence().get("members")), strings(f.evidence().get("link_keys")),
                            number(f.evidence().get("cluster_size")));
                }
                continue;
            }
            if (!clientId.equals(subject.clientId())) {
                continue;
            }
            addVolume(volume, alert);
            for (DetectorFinding f : alert.detectors()) {
                Map<String, Object> ev = f.evidence();
                String outputKey = OUTPUT_TOKENS.get(f.name());
                if (outputKey != null && ev.get(outputKey) instanceof Number n) {
                    outputTokens.add(new EvidencePoint(alert.ts(), alert.alertId(), f.name(), n.doubleValue()));
                }
                if ("automation_cadence".equals(f.name()) && ev.get("mean_prompt_tokens") instanceof Number n) {
                    inputTokens.add(new EvidencePoint(alert.ts(), alert.alertId(), f.name(), n.doubleValue()));
                }
                if ("capability_coverage".equals(f.name()) && ev.get("window_prompts_per_hour") instanceof Number n) {
                    promptsPerHour.add(new EvidencePoint(alert.ts(), alert.alertId(), f.name(), n.doubleValue()));
                }
                latest(sampling, alert.ts(), f, SAMPLING.getOrDefault(f.name(), List.of()));
                latest(logitBias, alert.ts(), f, LOGIT_BIAS.getOrDefault(f.name(), List.of()));
                if ("templated_queries".equals(f.name()) && ev.get("template") instanceof String template) {
                    String id = ev.get("template_id") instanceof String s ? s : template;
                    TemplateFills before = templates.get(id);
                    long fills = Math.max(number(ev.get("prompts_in_template")), before == null ? 0 : before.fills());
                    templates.put(id, new TemplateFills(id, template, fills, decimal(ev.get("template_share")),
                            number(ev.get("templates_seen")), alert.ts()));
                }
                String promptKey = PROMPTS.get(f.name());
                if (promptKey != null && ev.get(promptKey) instanceof String text && !text.isBlank()) {
                    prompts.remove(text); // re-inserted: the map's order is last seen
                    boolean cut = text.length() > MAX_PROMPT_CHARS;
                    prompts.put(text, new PromptSample(alert.ts(), f.name(), promptKey,
                            cut ? text.substring(0, MAX_PROMPT_CHARS) : text, cut));
                }
                if (ev.get("cluster_id") instanceof String clusterId) {
                    clusters.computeIfAbsent(clusterId, ClusterBuilder::new).seen(alert.ts(),
                            strings(ev.get("members")), strings(ev.get("link_keys")), number(ev.get("cluster_size")));
                }
            }
        }
        List<PromptSample> newestPrompts = new ArrayList<>(prompts.values());
        Collections.reverse(newestPrompts);
        List<TemplateFills> byFills = new ArrayList<>(templates.values());
        byFills.sort(Comparator.comparingLong(TemplateFills::fills).reversed());
        List<LinkedCluster> linked = clusters.values().stream().map(ClusterBuilder::build)
                .sorted(Comparator.comparingLong(LinkedCluster::lastTs).reversed()).toList();
        return new ClientActivity(volume, promptsPerHour, inputTokens, outputTokens, List.copyOf(sampling.values()),
                List.copyOf(logitBias.values()), byFills,
                newestPrompts.subList(0, Math.min(MAX_PROMPTS, newestPrompts.size())), linked);
    }

    private static void addVolume(List<VolumePoint> volume, Alert alert) {
        VolumePoint last = volume.isEmpty() ? null : volume.get(volume.size() - 1);
        if (last != null && last.ts() == alert.ts()) {
            // Two alerts of one event: keep the higher count, with the rate the earlier point had.
            if (alert.eventsSeen() > last.eventsSeen()) {
                volume.set(volume.size() - 1, new VolumePoint(last.ts(), alert.alertId(), alert.eventsSeen(),
                        last.requestsPerHour()));
            }
            return;
        }
        Double rate = null;
        if (last != null && alert.ts() > last.ts() && alert.eventsSeen() >= last.eventsSeen()) {
            double perHour = (alert.eventsSeen() - last.eventsSeen()) * (double) HOUR_MS / (alert.ts() - last.ts());
            rate = DetectorFinding.round(perHour);
        }
        volume.add(new VolumePoint(alert.ts(), alert.alertId(), alert.eventsSeen(), rate));
    }

    private static void latest(Map<String, EvidenceValue> into, long ts, DetectorFinding f, List<String> keys) {
        for (String key : keys) {
            Object value = f.evidence().get(key);
            if (value != null) {
                into.put(f.name() + "." + key, new EvidenceValue(ts, f.name(), key, value));
            }
        }
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static double decimal(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }

    /** Collects what the versions say about one cluster. Not thread-safe. */
    private static final class ClusterBuilder {
        private final String clusterId;
        private final Set<String> members = new LinkedHashSet<>();
        private final Set<String> linkKeys = new LinkedHashSet<>();
        private long size;
        private long lastTs;

        ClusterBuilder(String clusterId) {
            this.clusterId = clusterId;
        }

        void seen(long ts, List<String> memberIds, List<String> keys, long clusterSize) {
            if (memberIds != null) {
                members.addAll(memberIds);
            }
            if (keys != null) {
                linkKeys.addAll(keys);
            }
            size = Math.max(size, clusterSize);
            lastTs = Math.max(lastTs, ts);
        }

        LinkedCluster build() {
            return new LinkedCluster(clusterId, Math.max(size, members.size()), List.copyOf(members),
                    List.copyOf(linkKeys), lastTs);
        }
    }
}
