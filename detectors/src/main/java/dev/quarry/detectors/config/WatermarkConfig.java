package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * The {@code watermark:} section: the provider's green-list watermark (Kirchenbauer et al. 2023;
 * see {@link dev.quarry.fingerprint.watermark.GreenListScheme}) that Quarry checks in prompts
 * (watermark echo), in the endpoint's own responses (health) and in a suspect model's outputs
 * ({@code quarry fingerprint}). The key is a secret: it is never logged, never in an alert, and
 * {@link #toString()} leaves it out. Mutable bean bound from YAML.
 */
public class WatermarkConfig {
    /** Environment variable read when {@code key} is empty. */
    public static final String KEY_ENV = "QUARRY_WATERMARK_KEY";

    /**
     * The 64-bit secret {@code K}, as hex (up to 16 digits, optional {@code 0x}); empty: no
     * watermark is configured and every watermark check is off.
     */
    @JsonProperty
    public String key = "";
    /** Green fraction {@code gamma} of the vocabulary at each step; 0.25 as in Kirchenbauer et al. 2023. */
    @JsonProperty
    public double gamma = 0.25;
    /**
     * z-score whose one-sided normal tail is the per-prompt level of {@code watermark_echo} (4:
     * 3.2e-5) unless {@code echo.promptAlpha} is set. The decision itself is the exact binomial
     * tail against that level, not the z-score: at short lengths {@code z >= 4} happens to
     * unmarked text several times more often than 3.2e-5.
     */
    @JsonProperty
    public double zThreshold = 4.0;
    /** Score each distinct (previous, token) pair once, so repeated text cannot inflate z. */
    @JsonProperty
    public boolean ignoreRepeatedBigrams = true;
    /**
     * Which scorer runs in the stream: {@code java} (plain Java), {@code djl} (batched tensors on
     * DJL's PyTorch engine, on the GPU when the engine reports one, else the CPU) or {@code auto}
     * (DJL when a GPU is present, else plain Java, which is faster on a CPU).
     */
    @JsonProperty
    public String scorer = "auto";
    /**
     * Responses scored per micro-batch by the health monitor (a batch is also flushed every
     * {@code health.flushEvery} of event time); large enough for a GPU scorer to pay off.
     */
    @JsonProperty
    public int batchSize = 64;
    /**
     * A HuggingFace {@code tokenizer.json} that turns text into the endpoint's token ids when a
     * gateway logs no {@code token_ids}; empty: only logged token ids are scored. Read locally,
     * never downloaded.
     */
    @JsonProperty
    public String tokenizer = "";
    /** Prompts that carry the watermark: a client feeding the provider's outputs back in. */
    @JsonProperty
    public WatermarkEchoConfig echo = new WatermarkEchoConfig();
    /** Whether the endpoint's own responses still carry the watermark, per model. */
    @JsonProperty
    public WatermarkHealthConfig health = new WatermarkHealthConfig();

    /** True when a key is set here or in {@value #KEY_ENV}. */
    @JsonIgnore
    public boolean configured() {
        return !rawKey().isEmpty();
    }

    /** The key as a long; throws when it is missing or not hex. */
    @JsonIgnore
    public long secretKey() {
        String hex = rawKey();
        if (hex.isEmpty()) {
            throw new IllegalStateException("no watermark key: set watermark.key or " + KEY_ENV);
        }
        String digits = hex.toLowerCase(Locale.ROOT).startsWith("0x") ? hex.substring(2) : hex;
        if (digits.isEmpty() || digits.length() > 16 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            // The message must not echo the key.
            throw new IllegalArgumentException("watermark key must be 1 to 16 hex digits (" + digits.length() + " characters given)");
        }
        return Long.parseUnsignedLong(digits, 16);
    }

    private String rawKey() {
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String env = System.getenv(KEY_ENV);
        return env == null ? "" : env.trim();
    }

    @Override
    public String toString() {
        return "WatermarkConfig{key=" + (configured() ? "<set>" : "<none>") + ", gamma=" + gamma + ", zThreshold="
                + zThreshold + ", ignoreRepeatedBigrams=" + ignoreRepeatedBigrams + ", scorer=" + scorer
                + ", batchSize=" + batchSize + ", tokenizer=" + tokenizer + ", echo.enabled=" + echo.enabled
                + ", health.enabled=" + health.enabled + "}";
    }
}
