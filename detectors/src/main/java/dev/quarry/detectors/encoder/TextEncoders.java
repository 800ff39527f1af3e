package dev.quarry.detectors.encoder;

import dev.quarry.detectors.config.EncoderConfig;
import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.encoder.HashingEncoder;
import dev.quarry.fingerprint.encoder.MiniLmEncoder;
import dev.quarry.fingerprint.encoder.TextEncoder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text encoders the configuration names, built once and shared: the default encoder for every
 * event's features, and each detector's override. An encoder named twice is built once (MiniLM
 * holds a 90 MB ONNX session), and only encoders that are named are built at all. Closing closes
 * the model-backed ones. Thread-safe once built (encoders are).
 */
public final class TextEncoders implements AutoCloseable {
    /** Name of {@link HashingEncoder} in configuration. */
    public static final String HASHING = "hashing";
    /** Name of {@link MiniLmEncoder} in configuration. */
    public static final String MINILM = MiniLmEncoder.NAME;

    private final Map<String, TextEncoder> byName = new LinkedHashMap<>();
    private final TextEncoder defaultEncoder;
    private final Map<String, TextEncoder> byDetector = new LinkedHashMap<>();
    private final long sampleBound;

    public TextEncoders(EncoderConfig config) {
        if (!(config.semanticSampleRate() >= 0 && config.semanticSampleRate() <= 1)) {
            throw new IllegalArgumentException("detection.encoders.semanticSampleRate must be in [0, 1]: "
                    + config.semanticSampleRate());
        }
        try {
            defaultEncoder = named(config.defaultEncoder(), config);
            config.detectors().forEach((detector, encoder) -> byDetector.put(detector, named(encoder, config)));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        // compare the top 53 bits of a hash with rate * 2^53: exact for any double rate
        sampleBound = (long) (config.semanticSampleRate() * (1L << 53));
    }

    /** The encoder of {@code PromptFeatures.embedding()}. */
    public TextEncoder defaultEncoder() {
        return defaultEncoder;
    }

    /** The encoder configured for detector {@code detectorName}, else the default. */
    public TextEncoder forDetector(String detectorName) {
        return byDetector.getOrDefault(detectorName, defaultEncoder);
    }

    /**
     * The encoder that overrides the default for detector {@code detectorName}, or null when it
     * uses the default (not named in {@code detection.encoders.detectors}, or named with the
     * default's own encoder). Such a detector sees only the semantic sample of events
     * ({@link #semanticSampled}), each embedded with its encoder, so its state never mixes two
     * encoders' vectors.
     */
    public TextEncoder override(String detectorName) {
        TextEncoder e = byDetector.get(detectorName);
        return e == null || e == defaultEncoder ? null : e;
    }

    /** Whether the event is in the semantic sample: a pure function of its id and the rate. */
    public boolean semanticSampled(String eventId) {
        return (Hashing.hash64(eventId) >>> 11) < sampleBound;
    }

    /** A new encoder for a configured name; the caller owns it (close it when it is closeable). */
    public static TextEncoder create(String name, int hashingDimension) {
        switch (name) {
            case HASHING:
                return new HashingEncoder(hashingDimension);
            case MINILM:
                return new MiniLmEncoder();
            default:
                throw new IllegalArgumentException("unknown text encoder '" + name + "': use " + HASHING + " or " + MINILM);
        }
    }

    private TextEncoder named(String name, EncoderConfig config) {
        return byName.computeIfAbsent(name, n -> create(n, config.hashingDimension()));
    }

    /** Closes the encoders that hold native resources. Idempotent. */
    @Override
    public void close() {
        for (TextEncoder e : byName.values()) {
            if (e instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) e).close();
                } catch (Exception ex) {
                    throw new IllegalStateException("closing " + e.name(), ex);
                }
            }
        }
    }
}
