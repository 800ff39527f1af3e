package dev.quarry.dashboard;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On {@link KafkaSettings}: {@code kafka.inputs} names no topic twice (one topic has one format).
 * The violation is reported at {@code kafka.inputs}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DistinctInputs.Validator.class)
public @interface DistinctInputs {
    String message() default "lists a topic twice";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link KafkaSettings#inputsDistinct()}. */
    final class Validator implements ConstraintValidator<DistinctInputs, KafkaSettings> {
        @Override
        public boolean isValid(KafkaSettings kafka, ConstraintValidatorContext context) {
            if (kafka == null || kafka.inputsDistinct()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode("inputs").addConstraintViolation();
            return false;
        }
    }
}
