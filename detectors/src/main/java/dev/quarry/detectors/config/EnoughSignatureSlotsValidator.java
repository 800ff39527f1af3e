package dev.quarry.detectors.config;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Checks {@link EnoughSignatureSlots}: reads every public section of the {@link DetectionConfig}
 * that is a {@link SignatureUser} and compares its need with {@code signatures.slots}. One
 * violation per section that needs more. Stateless; Bean Validation creates one per annotation.
 */
public final class EnoughSignatureSlotsValidator implements ConstraintValidator<EnoughSignatureSlots, DetectionConfig> {

    @Override
    public boolean isValid(DetectionConfig config, ConstraintValidatorContext context) {
        if (config == null || config.signatures == null) {
            return true; // @NotNull on the section reports it
        }
        boolean ok = true;
        for (Field f : DetectionConfig.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) || !SignatureUser.class.isAssignableFrom(f.getType())) {
                continue;
            }
            SignatureUser user = (SignatureUser) read(f, config);
            if (user == null) {
                continue;
            }
            SignatureUser.Need need = user.signatureNeed();
            if (config.signatures.slots < need.slots()) {
                if (ok) {
                    context.disableDefaultConstraintViolation();
                }
                ok = false;
                // Numbers and key names only: nothing in the message is interpolated further.
                context.buildConstraintViolationWithTemplate("must be at least " + need.slots() + ": " + need.reason())
                        .addPropertyNode("signatures").addPropertyNode("slots")
                        .addConstraintViolation();
            }
        }
        return ok;
    }

    private static Object read(Field f, DetectionConfig config) {
        try {
            return f.get(config);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("DetectionConfig." + f.getName() + " is not readable", e);
        }
    }
}
