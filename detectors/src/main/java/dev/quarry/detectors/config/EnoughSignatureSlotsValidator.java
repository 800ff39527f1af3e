package dev.quarry.detectors.config;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Checks {@link EnoughSignatureSlots}: reads every section of the {@link DetectionConfig} that is a
 * {@link SignatureUser}, through its accessor, and compares its need with {@code signatures.slots}.
 * One violation per section that needs more. Stateless; Bean Validation creates one per annotation.
 */
public final class EnoughSignatureSlotsValidator implements ConstraintValidator<EnoughSignatureSlots, DetectionConfig> {

    @Override
    public boolean isValid(DetectionConfig config, ConstraintValidatorContext context) {
        if (config == null || config.signatures() == null) {
            return true; // @NotNull on the section reports it
        }
        boolean ok = true;
        for (Method accessor : DetectionConfig.class.getMethods()) {
            if (Modifier.isStatic(accessor.getModifiers()) || accessor.getParameterCount() != 0
                    || !SignatureUser.class.isAssignableFrom(accessor.getReturnType())) {
                continue;
            }
            SignatureUser user = (SignatureUser) read(accessor, config);
            if (user == null) {
                continue;
            }
            SignatureUser.Need need = user.signatureNeed();
            if (config.signatures().slots() < need.slots()) {
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

    private static Object read(Method accessor, DetectionConfig config) {
        try {
            return accessor.invoke(config);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("DetectionConfig." + accessor.getName() + "() is not readable", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("reading DetectionConfig." + accessor.getName() + "()", e.getCause());
        }
    }
}
