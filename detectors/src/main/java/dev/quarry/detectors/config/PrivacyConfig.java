package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Locale;

/**
 * The {@code privacy:} section: what Quarry keeps of who called and what they asked.
 * {@code clientIdHmacSecret} replaces every client id by its HMAC at the start of the topology,
 * so state, alerts and the alert store never hold a raw API key; {@code prompts} sets what alerts
 * (and so the alert store) keep of prompt text. The secret is never logged and
 * {@link #toString()} leaves it out. Mutable bean bound from YAML and validated when loaded.
 */
public class PrivacyConfig {
    public static final String DEFAULT_CLIENT_ID_HMAC_SECRET = "";
    public static final PromptRetention DEFAULT_PROMPTS = PromptRetention.FULL;
    public static final int DEFAULT_PROMPT_CHARS = 64;

    /** Environment variable the shipped {@code config.yml} reads the secret from. */
    public static final String SECRET_ENV = "QUARRY_CLIENT_ID_SECRET";

    /** What alerts keep of a prompt text in their evidence. */
    public enum PromptRetention {
        /** The text as the detector kept it (already cut to the detector's own sample length). */
        FULL,
        /** The first {@code promptChars} characters. */
        TRUNCATED,
        /** Only {@code sha256:} and the hex SHA-256 of the UTF-8 text: equal prompts stay equal. */
        HASHED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static PromptRetention fromWireName(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * Secret of the client ids' HMAC-SHA256; empty: client ids are kept as they come. At least 16
     * characters (use 32 random bytes: {@code openssl rand -hex 32}). Changing it changes every id,
     * so state and alerts made under the old secret no longer meet the new ids.
     * Default {@value #DEFAULT_CLIENT_ID_HMAC_SECRET}.
     */
    @NotNull
    @Pattern(regexp = "(?s)|.{16,}", message = "must be empty or at least 16 characters")
    @JsonProperty
    private String clientIdHmacSecret = DEFAULT_CLIENT_ID_HMAC_SECRET;
    /** {@code full}, {@code truncated} or {@code hashed}. Default {@code full}. */
    @NotNull
    @JsonProperty
    private PromptRetention prompts = DEFAULT_PROMPTS;
    /** Characters of a prompt text kept under {@code truncated}. Default {@value #DEFAULT_PROMPT_CHARS}. */
    @Min(1)
    @JsonProperty
    private int promptChars = DEFAULT_PROMPT_CHARS;

    public String clientIdHmacSecret() {
        return clientIdHmacSecret;
    }

    public PrivacyConfig clientIdHmacSecret(String clientIdHmacSecret) {
        this.clientIdHmacSecret = clientIdHmacSecret;
        return this;
    }

    public PromptRetention prompts() {
        return prompts;
    }

    public PrivacyConfig prompts(PromptRetention prompts) {
        this.prompts = prompts;
        return this;
    }

    public int promptChars() {
        return promptChars;
    }

    public PrivacyConfig promptChars(int promptChars) {
        this.promptChars = promptChars;
        return this;
    }

    /** Whether client ids are replaced by their HMAC. */
    public boolean pseudonymising() {
        return clientIdHmacSecret != null && !clientIdHmacSecret.isEmpty();
    }

    @Override
    public String toString() {
        return "PrivacyConfig{clientIdHmacSecret=" + (pseudonymising() ? "<set>" : "<none>") + ", prompts="
                + prompts.wireName() + ", promptChars=" + promptChars + "}";
    }
}
