package dev.quarry.detectors.config;

/**
 * A configuration section whose detector reads the shared prompt signatures
 * ({@code detection.signatures}). It states how many slots it needs as configured; loading the
 * configuration fails, naming {@code detection.signatures.slots}, when there are fewer
 * ({@link EnoughSignatureSlots}). A section of {@link DetectionConfig} that implements this
 * interface is checked without further registration.
 */
public interface SignatureUser {

    /** The slots this section needs, and why, for the message of a violation. */
    Need signatureNeed();

    /**
     * @param slots the fewest signature slots the section can work with, as configured
     * @param reason what needs them, naming the section's key, e.g. {@code detection.hydra.templateSlots
     *     (6) slots are watched for template marks}
     */
    record Need(int slots, String reason) {}
}
