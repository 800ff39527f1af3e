package dev.quarry.detectors.config;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Every detector that {@code detection.encoders.detectors} gives an encoder is a client detector of
 * the {@link dev.quarry.detectors.detector.DetectorRegistry}, named as in the alerts. An override
 * only applies to those, so any other name, a typo or a cross-client detector such as
 * {@code hydra_cluster}, would otherwise be ignored without a word. A violation is reported on
 * {@code detection.encoders.detectors} for each such name, e.g. {@code detection.encoders.detectors
 * names near_duplicate_query, which is no client detector; they are logit_bias_sweep, ...}.
 * Checked on {@link DetectionConfig}, whose sections make the registry.
 */
@Documented
@Target(TYPE)
@Retention(RUNTIME)
@Constraint(validatedBy = KnownDetectorsValidator.class)
public @interface KnownDetectors {
    /** Replaced by the validator's own message, which names the detector and the known ones. */
    String message() default "names a detector that is no client detector";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
