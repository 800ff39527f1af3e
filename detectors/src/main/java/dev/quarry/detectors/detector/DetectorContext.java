package dev.quarry.detectors.detector;

import dev.quarry.detectors.config.SignatureConfig;
import dev.quarry.detectors.watermark.WatermarkChecks;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import java.util.Objects;

/**
 * What a {@link DetectorSection} may build its detector with besides its own section: the parts
 * the topology builds once and every detector and stream thread shares. Each part is thread-safe.
 *
 * <p>The text encoders are not among them: a detector reads the embedding of the features it is
 * given, which the topology computes with the detector's encoder ({@code detection.encoders}).
 *
 * @param signatures the prompt signatures every event's features carry ({@code detection.signatures})
 * @param reference public benchmark and instruction sets, {@link ReferenceLookup#none()} without them
 * @param requestScorer the request wording model that several detectors score requests with
 * @param watermark the watermark checks, {@link WatermarkChecks#off()} without a key
 */
public record DetectorContext(SignatureConfig signatures, ReferenceLookup reference,
        RequestDistillationScorer requestScorer, WatermarkChecks watermark) {

    public DetectorContext {
        Objects.requireNonNull(signatures, "signatures");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(requestScorer, "requestScorer");
        Objects.requireNonNull(watermark, "watermark");
    }
}
