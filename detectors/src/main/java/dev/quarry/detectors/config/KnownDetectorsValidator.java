package dev.quarry.detectors.config;

import dev.quarry.detectors.detector.DetectorRegistry;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks {@link KnownDetectors}: the names of {@code encoders.detectors} against the names of the
 * detector registry of the {@link DetectionConfig}. One violation per unknown name. Stateless; Bean
 * Validation creates one per annotation.
 */
public final class KnownDetectorsValidator implements ConstraintValidator<KnownDetectors, DetectionConfig> {
    /** The characters a message template gives a meaning to ({@code {param}}, {@code ${expression}}). */
    private static final Pattern TEMPLATE_SYNTAX = Pattern.compile("[\\\\{}$]");

    @Override
    public boolean isValid(DetectionConfig config, ConstraintValidatorContext context) {
        if (config == null || config.encoders() == null || config.encoders().detectors() == null
                || config.detectorSections().contains(null)) {
            return true; // @NotNull on the section reports it
        }
        // The registry's names come from which sections there are, not from their settings, so the
        // default watermark section stands for the configured one.
        List<String> known = DetectorRegistry.of(config, new WatermarkConfig()).names();
        boolean ok = true;
        for (String name : config.encoders().detectors().keySet()) {
            if (known.contains(name)) {
                continue;
            }
            if (ok) {
                context.disableDefaultConstraintViolation();
            }
            ok = false;
            // The name comes from the file: escaped, so that it is printed as written, never interpolated.
            String message = "names " + literal(String.valueOf(name)) + ", which is no client detector; they are "
                    + String.join(", ", known);
            context.buildConstraintViolationWithTemplate(message)
                    .addPropertyNode("encoders").addPropertyNode("detectors")
                    .addConstraintViolation();
        }
        return ok;
    }

    private static String literal(String text) {
        return TEMPLATE_SYNTAX.matcher(text).replaceAll(m -> Matcher.quoteReplacement("\\" + m.group()));
    }
}
