package dev.quarry.detectors.config;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Arrays;

/**
 * Checks an {@link ExactlyOneOf} rule by reading the entry's keys through their accessors.
 * Stateless after {@link #initialize}; Bean Validation creates one per annotation.
 */
public final class ExactlyOneOfValidator implements ConstraintValidator<ExactlyOneOf, Object> {
    private String[] keys;

    @Override
    public void initialize(ExactlyOneOf rule) {
        this.keys = rule.value();
    }

    @Override
    public boolean isValid(Object bean, ConstraintValidatorContext context) {
        if (bean == null) {
            return true;
        }
        int set = 0;
        for (String key : keys) {
            Object v = ConfigAccessors.read(bean, key, "@ExactlyOneOf");
            if (v != null && !v.toString().isEmpty()) {
                set++;
            }
        }
        if (set != 1) {
            context.disableDefaultConstraintViolation();
            String names = String.join(", ", Arrays.copyOf(keys, keys.length - 1)) + " and " + keys[keys.length - 1];
            context.buildConstraintViolationWithTemplate("must name exactly one of " + names).addConstraintViolation();
            return false;
        }
        return true;
    }
}
