package dev.quarry.detectors.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * One suppression that applied to an alert version, and the detectors whose findings it held
 * back: those findings are in the alert's {@code detectors} but could not lift its severity to
 * {@code medium} or above. Immutable.
 *
 * @param suppressionId the suppression's id
 * @param detectors names of the detectors with findings it held back, sorted
 */
public record HeldBack(
        @JsonProperty("suppression_id") String suppressionId,
        @JsonProperty("detectors") List<String> detectors) {

    public HeldBack {
        Objects.requireNonNull(suppressionId, "suppressionId");
        detectors = detectors == null ? List.of() : List.copyOf(detectors);
    }
}
