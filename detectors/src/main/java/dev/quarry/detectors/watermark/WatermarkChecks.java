package dev.quarry.detectors.watermark;

import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.detectors.config.WatermarkHealthConfig;
import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.tokenizer.HuggingFaceTokenIds;
import dev.quarry.fingerprint.tokenizer.Tokenizer;
import dev.quarry.fingerprint.watermark.DjlBatchScorer;
import dev.quarry.fingerprint.watermark.DjlGreenListScorer;
import dev.quarry.fingerprint.watermark.GreenListScheme;
import dev.quarry.fingerprint.watermark.WatermarkBatchScorer;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceResponse;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-stream watermark checks' collaborators, built once from the {@code watermark:} section
 * and shared by every stream thread: the configuration, the keyed scheme, the batch scorer of the
 * health monitor and the prompt tokenizer of the echo detector. {@link #off()} when no key is
 * configured: the topology is then exactly what it is without watermark checks.
 *
 * <p>Which checks run: {@code watermark_echo} needs a key, {@code watermark.tokenizer} and
 * {@code watermark.echo.enabled}; the health monitor needs a key and {@code watermark.health.enabled}.
 * The batch scorer is the plain-Java one unless another is plugged in with
 * {@link #withBatchScorer} (a DJL tensor scorer, for instance). Holds the key: never log it;
 * {@link #toString()} leaves it out. Immutable and thread-safe; {@link #close()} frees the
 * tokenizer's native memory and is called by whoever stops the streams.
 */
public final class WatermarkChecks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatermarkChecks.class);
    private static final WatermarkChecks OFF = new WatermarkChecks(null, null, null, null);

    private final WatermarkConfig config;
    private final GreenListScheme scheme;
    private final WatermarkBatchScorer batchScorer;
    private final Tokenizer tokenizer;

    private WatermarkChecks(WatermarkConfig config, GreenListScheme scheme, WatermarkBatchScorer batchScorer,
            Tokenizer tokenizer) {
        this.config = config;
        this.scheme = scheme;
        this.batchScorer = batchScorer;
        this.tokenizer = tokenizer;
    }

    /** No watermark checks. */
    public static WatermarkChecks off() {
        return OFF;
    }

    /**
     * The checks {@code config} asks for: off without a key; with {@code watermark.tokenizer} set,
     * that local {@code tokenizer.json} is loaded (never downloaded) for the echo detector and for
     * responses that log text but no token ids.
     */
    public static WatermarkChecks from(WatermarkConfig config) {
        if (config == null || !config.configured()) {
            return OFF;
        }
        boolean needsTokenizer = config.echo().enabled()
                || (config.health().enabled() && config.health().textSampleRate() > 0);
        Tokenizer tokenizer = config.tokenizer() == null || config.tokenizer().isBlank() || !needsTokenizer
                ? null : HuggingFaceTokenIds.load(Path.of(config.tokenizer().trim()));
        WatermarkChecks checks = of(config, tokenizer);
        @SuppressWarnings("deprecation")
        Double minShare = config.health().minShare();
        if (minShare != null) {
            LOG.warn("watermark.health.minShare ({}) is deprecated and ignored: the health monitor tests each window's "
                    + "pooled green count exactly (watermark.health.alpha, minRelativeStrength)", minShare);
        }
        String wanted = config.scorer() == null ? "auto" : config.scorer().trim().toLowerCase(Locale.ROOT);
        if (checks.healthActive() && !wanted.equals("java")) {
            checks = withDeviceScorer(checks, wanted);
        }
        LOG.info("watermark checks: echo {}, health {}, scorer {}", checks.echoActive() ? "on" : "off (no tokenizer)",
                checks.healthActive() ? "on" : "off", checks.batchScorer.name());
        return checks;
    }

    /**
     * {@code djl}: the DJL scorer on the engine's preferred device; {@code auto}: the same only
     * when that device is a GPU (plain Java is far faster on a CPU; docs/watermark.md, "Watermark scorers").
     * When the engine cannot load, plain Java, with a warning.
     */
    private static WatermarkChecks withDeviceScorer(WatermarkChecks checks, String wanted) {
        try {
            if (wanted.equals("auto") && !DjlGreenListScorer.preferredDevice().isGpu()) {
                return checks;
            }
            return checks.withBatchScorer(new DjlBatchScorer(checks.scheme));
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("watermark.scorer={}: DJL's PyTorch engine is not available ({}); scoring with plain Java",
                    wanted, e.toString());
            return checks;
        }
    }

    /** The checks with an already loaded tokenizer (or null: no echo detector); for tests and embedders. */
    public static WatermarkChecks of(WatermarkConfig config, Tokenizer tokenizer) {
        if (!config.configured()) {
            return OFF;
        }
        GreenListScheme scheme = new GreenListScheme(config.secretKey(), config.gamma());
        return new WatermarkChecks(config, scheme, WatermarkBatchScorer.sequential(scheme), tokenizer);
    }

    /** The same checks with another batch scorer for the health monitor; it must score as {@link #scheme()} does. */
    public WatermarkChecks withBatchScorer(WatermarkBatchScorer scorer) {
        if (config == null) {
            return this;
        }
        return new WatermarkChecks(config, scheme, Objects.requireNonNull(scorer, "scorer"), tokenizer);
    }

    public boolean configured() {
        return config != null;
    }

    /** True when the {@code watermark_echo} detector runs. */
    public boolean echoActive() {
        return config != null && tokenizer != null && config.echo().enabled();
    }

    /** True when the topology has the watermark health branch. */
    public boolean healthActive() {
        return config != null && config.health().enabled();
    }

    /** The configuration; throws when off. */
    public WatermarkConfig config() {
        return Objects.requireNonNull(config, "watermark checks are off");
    }

    public GreenListScheme scheme() {
        return Objects.requireNonNull(scheme, "watermark checks are off");
    }

    public WatermarkBatchScorer batchScorer() {
        return Objects.requireNonNull(batchScorer, "watermark checks are off");
    }

    /**
     * The token ids the health monitor scores for a response: its {@code token_ids} when the
     * gateway logs them; else, with a tokenizer and within {@code health.textSampleRate} (picked by
     * event id hash, so live and replay pick the same), its text tokenized (at most
     * {@code health.maxTextChars} characters); else null. Only successful responses count.
     */
    public int[] responseTokens(InferenceEvent event) {
        InferenceResponse r = event.response();
        if (r.tokenIds() != null) {
            return r.tokenIds();
        }
        WatermarkHealthConfig h = config.health();
        String text = r.text();
        if (tokenizer == null || text == null || text.isEmpty() || r.status() != 200 || !sampled(event.eventId(),
                h.textSampleRate())) {
            return null;
        }
        return tokenizer.encode(text.length() <= h.maxTextChars() ? text : text.substring(0, h.maxTextChars()));
    }

    private static boolean sampled(String eventId, double rate) {
        if (rate >= 1.0) {
            return true;
        }
        long h = Hashing.mix64(Hashing.hash64(eventId, 0, eventId.length()) ^ TEXT_SAMPLE_SALT);
        return (h >>> 11) * 0x1p-53 < rate;
    }

    private static final long TEXT_SAMPLE_SALT = 0x7E57_5A3B_1E00_0001L;

    public Tokenizer tokenizer() {
        return Objects.requireNonNull(tokenizer, "no watermark tokenizer");
    }

    @Override
    public void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
        if (batchScorer instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing the watermark scorer: {}", e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "WatermarkChecks{echo=" + echoActive() + ", health=" + healthActive() + "}";
    }
}
