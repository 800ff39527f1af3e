package dev.quarry.detectors.config;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A rule between two numeric keys of one configuration section: the value of {@link #upper()}
 * must be greater than {@link #factor()} times the value of {@link #lower()} (or equal to it, with
 * {@link #orEqual()}). Most ramps of a detector need it: a score that grows from {@code minX} to
 * {@code fullX} divides by their difference.
 *
 * <p>A violation is reported on {@code upper}, so the validator's path is that key's YAML path, and
 * the message names {@code lower} and its value, e.g. {@code detection.logitBiasSweep.fullSweepTokens
 * must be greater than watchTokens (64)}. Both keys name numeric keys of the annotated class,
 * spelled as in the YAML, and are read through their accessors.
 */
@Documented
@Target(TYPE)
@Retention(RUNTIME)
@Repeatable(KeyOrder.List.class)
@Constraint(validatedBy = KeyOrderValidator.class)
public @interface KeyOrder {
    /** The key whose value bounds {@link #upper()} from below. */
    String lower();

    /** The key that must be above {@link #lower()}; violations are reported on it. */
    String upper();

    /** Whether {@code upper} may equal {@code factor * lower}. */
    boolean orEqual() default false;

    /** {@code upper} is compared with this multiple of {@code lower}. */
    int factor() default 1;

    /** Replaced by the validator's own message, which adds the value of {@code lower}. */
    String message() default "must be greater than {lower}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Several {@link KeyOrder} rules on one class. */
    @Documented
    @Target(TYPE)
    @Retention(RUNTIME)
    @interface List {
        KeyOrder[] value();
    }
}
