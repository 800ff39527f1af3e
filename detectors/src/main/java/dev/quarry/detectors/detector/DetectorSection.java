package dev.quarry.detectors.detector;

/**
 * A detector's configuration section that also builds the detector: the one place a per-client
 * detector is registered. {@link DetectorRegistry} lists the sections, and the topology builds the
 * detector of every active section, in the registry's order, from the parts it shares
 * ({@link DetectorContext}); nothing else names detectors.
 *
 * <p>Implemented by the YAML-bound section classes of {@code dev.quarry.detectors.config}, which
 * stay mutable beans: {@link #create} is called once per topology, after the configuration was
 * validated, and the detector it returns is immutable and thread-safe.
 *
 * @param <D> the detector
 */
public interface DetectorSection<D extends Detector<?>> {

    /**
     * The section's YAML path, e.g. {@code detection.logitBiasSweep}: the key the YAML binds it to,
     * as configuration errors name it.
     */
    String key();

    /**
     * The name of the detector it builds ({@link Detector#name()}): alerts, client state and
     * {@code detection.encoders.detectors} name the detector by it.
     */
    String detectorName();

    /**
     * Whether the detector runs with these shared parts. True unless a part it needs is missing
     * (the watermark echo detector needs a key and a tokenizer) or the section turns it off.
     */
    default boolean active(DetectorContext context) {
        return true;
    }

    /** A new detector configured by this section, with the shared parts it needs from the context. */
    D create(DetectorContext context);
}
