package dev.quarry.detectors.config;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The shared prompt signatures ({@code detection.signatures.slots}) have at least as many slots as
 * each section that reads them needs ({@link SignatureUser}). A violation is reported on
 * {@code detection.signatures.slots} and names the section that needs more, e.g.
 * {@code detection.signatures.slots must be at least 6: detection.hydra.templateSlots (6) slots
 * are watched for template marks}. Checked on {@link DetectionConfig}, whose sections it reads.
 */
@Documented
@Target(TYPE)
@Retention(RUNTIME)
@Constraint(validatedBy = EnoughSignatureSlotsValidator.class)
public @interface EnoughSignatureSlots {
    /** Replaced by the validator's own message, which names the section and the slots it needs. */
    String message() default "has too few slots for a section that reads the signatures";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
