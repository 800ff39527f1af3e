package dev.quarry.detectors.config;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks a {@link KeyOrder} rule on a configuration bean by reading its two keys through their
 * accessors. Stateless after {@link #initialize}; Bean Validation creates one per annotation.
 */
public final class KeyOrderValidator implements ConstraintValidator<KeyOrder, Object> {
    private KeyOrder rule;

    @Override
    public void initialize(KeyOrder rule) {
        this.rule = rule;
    }

    @Override
    public boolean isValid(Object bean, ConstraintValidatorContext context) {
        if (bean == null) {
            return true;
        }
        Number lower = read(bean, rule.lower());
        Number upper = read(bean, rule.upper());
        double bound = rule.factor() * lower.doubleValue();
        double value = upper.doubleValue();
        // NaN compares false both ways, so a NaN on either side is a violation too.
        boolean ok = rule.orEqual() ? value >= bound : value > bound;
        if (!ok) {
            String relation = rule.factor() != 1 ? "at least " + rule.factor() + " times"
                    : rule.orEqual() ? "greater than or equal to" : "greater than";
            context.disableDefaultConstraintViolation();
            // The values are numbers and the keys field names: nothing here is interpolated further.
            context.buildConstraintViolationWithTemplate("must be " + relation + " " + rule.lower() + " (" + lower + ")")
                    .addPropertyNode(rule.upper())
                    .addConstraintViolation();
        }
        return ok;
    }

    private static Number read(Object bean, String key) {
        Object v = ConfigAccessors.read(bean, key, "@KeyOrder");
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalStateException(bean.getClass().getSimpleName() + "." + key + " is not a number: @KeyOrder");
    }
}
