package dev.quarry.detectors.config;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Exactly one of the named string keys of a configuration entry is set (not null, not empty), as
 * in a declared use case that applies to a client or to an organisation. A violation is reported on
 * the entry itself, e.g. {@code detection.fusion.allowList.useCases[0] must name exactly one of
 * clientId and orgId}. The keys name {@code String} keys of the entry, spelled as in the YAML, and
 * are read through their accessors.
 */
@Documented
@Target(TYPE)
@Retention(RUNTIME)
@Constraint(validatedBy = ExactlyOneOfValidator.class)
public @interface ExactlyOneOf {
    /** The keys, at least two. */
    String[] value();

    /** Replaced by the validator's own message, which lists the keys. */
    String message() default "must name exactly one of {value}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
