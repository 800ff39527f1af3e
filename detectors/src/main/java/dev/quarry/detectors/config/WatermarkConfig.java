package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Locale;

/**
 * The {@code watermark:} section: the provider's green-list watermark (Kirchenbauer et al. 2023;
 * see {@link dev.quarry.fingerprint.watermark.GreenListScheme}) that Quarry checks in prompts
 * (watermark echo), in the endpoint's own responses (health) and in a suspect model's outputs
 * ({@code quarry fingerprint}). The key is a secret: it is never logged, never in an alert, and
 * {@link #toString()} leaves it out. Mutable bean bound from YAML and validated when loaded.
 */
public class WatermarkConfig {
    public static final String DEFAULT_KEY = "";
    public static final double DEFAULT_GAMMA = 0.25;
    public static final double DEFAULT_Z_THRESHOLD = 4.0;
    public static final boolean DEFAULT_IGNORE_REPEATED_BIGRAMS = true;
    public static final String DEFAULT_SCORER = "auto";
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final String DEFAULT_TOKENIZER = "";

    /** Environment variable read when {@code key} is empty. */
    public static final String KEY_ENV = "QUARRY_WATERMARK_KEY";
    /** What {@code key} may hold: empty, or 1 to 16 hex digits with an optional {@code 0x}, blanks around. */
    public static final String KEY_PATTERN = "\\s*((0[xX])?[0-9a-fA-F]{1,16})?\\s*";

    /**
     * The 64-bit secret {@code K}, as hex (up to 16 digits, optional {@code 0x}); empty: no
     * watermark is configured and every watermark check is off.
     * Default {@value #DEFAULT_KEY}.
     */
    @NotNull
    @Pattern(regexp = KEY_PATTERN, message = "must be 1 to 16 hex digits, optionally after 0x, or empty")
    @JsonProperty
    private String key = DEFAULT_KEY;
    /**
     * Green fraction {@code gamma} of the vocabulary at each step; 0.25 as in Kirchenbauer et al. 2023.
     * Default {@value #DEFAULT_GAMMA}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax(value = "1", inclusive = false)
    @JsonProperty
    private double gamma = DEFAULT_GAMMA;
    /**
     * z-score whose one-sided normal tail is the per-prompt level of {@code watermark_echo} (4:
     * 3.2e-5) unless {@code echo.promptAlpha} is set. The decision itself is the exact binomial
     * tail against that level, not the z-score: at short lengths {@code z >= 4} happens to
     * unmarked text several times more often than 3.2e-5. Above 0 and at most 18 (a tail of
     * 1e-72, far below any useful level; the tail's approximation underflows past 18.66).
     * Default {@value #DEFAULT_Z_THRESHOLD}.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("18")
    @JsonProperty
    private double zThreshold = DEFAULT_Z_THRESHOLD;
    /**
     * Score each distinct (previous, token) pair once, so repeated text cannot inflate z.
     * Default {@value #DEFAULT_IGNORE_REPEATED_BIGRAMS}.
     */
    @JsonProperty
    private boolean ignoreRepeatedBigrams = DEFAULT_IGNORE_REPEATED_BIGRAMS;
    /**
     * Which scorer runs in the stream: {@code java} (plain Java), {@code djl} (batched tensors on
     * DJL's PyTorch engine, on the GPU when the engine reports one, else the CPU) or {@code auto}
     * (DJL when a GPU is present, else plain Java, which is faster on a CPU).
     * Default {@value #DEFAULT_SCORER}.
     */
    @NotNull
    @Pattern(regexp = "java|djl|auto", flags = Pattern.Flag.CASE_INSENSITIVE, message = "must be java, djl or auto")
    @JsonProperty
    private String scorer = DEFAULT_SCORER;
    /**
     * Responses scored per micro-batch by the health monitor (a batch is also flushed every
     * {@code health.flushEvery} of event time); large enough for a GPU scorer to pay off.
     * Default {@value #DEFAULT_BATCH_SIZE}.
     */
    @Min(1)
    @JsonProperty
    private int batchSize = DEFAULT_BATCH_SIZE;
    /**
     * A HuggingFace {@code tokenizer.json} that turns text into the endpoint's token ids when a
     * gateway logs no {@code token_ids}; empty: only logged token ids are scored. Read locally,
     * never downloaded.
     * Default {@value #DEFAULT_TOKENIZER}.
     */
    @NotNull
    @JsonProperty
    private String tokenizer = DEFAULT_TOKENIZER;
    /** Prompts that carry the watermark: a client feeding the provider's outputs back in. */
    @Valid
    @NotNull
    @JsonProperty
    private WatermarkEchoConfig echo = new WatermarkEchoConfig();
    /** Whether the endpoint's own responses still carry the watermark, per model. */
    @Valid
    @NotNull
    @JsonProperty
    private WatermarkHealthConfig health = new WatermarkHealthConfig();

    public String key() {
        return key;
    }

    public WatermarkConfig key(String key) {
        this.key = key;
        return this;
    }

    public double gamma() {
        return gamma;
    }

    public WatermarkConfig gamma(double gamma) {
        this.gamma = gamma;
        return this;
    }

    public double zThreshold() {
        return zThreshold;
    }

    public WatermarkConfig zThreshold(double zThreshold) {
        this.zThreshold = zThreshold;
        return this;
    }

    public boolean ignoreRepeatedBigrams() {
        return ignoreRepeatedBigrams;
    }

    public WatermarkConfig ignoreRepeatedBigrams(boolean ignoreRepeatedBigrams) {
        this.ignoreRepeatedBigrams = ignoreRepeatedBigrams;
        return this;
    }

    public String scorer() {
        return scorer;
    }

    public WatermarkConfig scorer(String scorer) {
        this.scorer = scorer;
        return this;
    }

    public int batchSize() {
        return batchSize;
    }

    public WatermarkConfig batchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    public String tokenizer() {
        return tokenizer;
    }

    public WatermarkConfig tokenizer(String tokenizer) {
        this.tokenizer = tokenizer;
        return this;
    }

    public WatermarkEchoConfig echo() {
        return echo;
    }

    public WatermarkConfig echo(WatermarkEchoConfig echo) {
        this.echo = echo;
        return this;
    }

    public WatermarkHealthConfig health() {
        return health;
    }

    public WatermarkConfig health(WatermarkHealthConfig health) {
        this.health = health;
        return this;
    }

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
                + ", batchSize=" + batchSize + ", tokenizer=" + tokenizer + ", echo.enabled=" + echo.enabled()
                + ", health.enabled=" + health.enabled() + "}";
    }
}
