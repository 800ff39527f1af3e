package dev.quarry.detectors.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;

/**
 * One detector's contribution to an alert.
 *
 * @param name the detector's name, e.g. {@code logit_bias_sweep}
 * @param score 0-1
 * @param evidence what the detector saw, as JSON-ready values (strings, numbers, lists, maps).
 *     May hold attacker-controlled text (prompts, templates): render it as text only.
 */
public record DetectorFinding(
        @JsonProperty("name") String name,
        @JsonProperty("score") double score,
        @JsonProperty("evidence") Map<String, Object> evidence) {

    public DetectorFinding {
        Objects.requireNonNull(name, "name");
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be in [0, 1]: " + score);
        }
        evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
    }

    /** A score or evidence figure as alerts carry it: rounded to four decimals. */
    public static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
