package dev.quarry.detectors.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One detector's contribution to an alert. A detector reports its current score whenever it
 * re-evaluates a client, 0 included, so a finding it no longer supports fades from the alert.
 *
 * @param name the detector's name, e.g. {@code logit_bias_sweep}
 * @param group the kind of evidence (see {@link EvidenceGroup}); fusion counts a group once
 * @param score 0-1
 * @param evidence what the detector saw, as JSON-ready values (strings, numbers, lists, maps).
 *     May hold attacker-controlled text (prompts, templates): render it as text only.
 */
public record DetectorFinding(
        @JsonProperty("name") String name,
        @JsonProperty("group") EvidenceGroup group,
        @JsonProperty("score") double score,
        @JsonProperty("evidence") Map<String, Object> evidence) {

    public DetectorFinding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be in [0, 1]: " + score);
        }
        evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    /** A score or evidence figure as alerts carry it: rounded to four decimals. */
    public static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
