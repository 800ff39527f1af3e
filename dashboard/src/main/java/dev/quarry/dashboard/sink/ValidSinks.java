package dev.quarry.dashboard.sink;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The sinks of {@link SinksSettings} can run: names are unique; each type has the keys it needs
 * ({@code webhook}: {@code url} and {@code secret}; {@code slack}: {@code url}; {@code pagerduty}:
 * {@code secret}, the routing key; {@code ocsf}: {@code topic} or {@code file}); a URL is
 * {@code https}, or {@code http} to a loopback host ({@code localhost}, {@code 127.0.0.0/8},
 * {@code ::1}); a secret is no {@code ${VAR}} placeholder left by an unset environment variable;
 * {@code maxDelay} is not below {@code baseDelay}. Each violation is reported on the key, e.g.
 * {@code sinks.destinations[0].url must be https (http only to a loopback host)}.
 */
@Documented
@Target(TYPE)
@Retention(RUNTIME)
@Constraint(validatedBy = ValidSinksValidator.class)
public @interface ValidSinks {
    /** Replaced by the validator's own messages. */
    String message() default "sinks cannot run";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
