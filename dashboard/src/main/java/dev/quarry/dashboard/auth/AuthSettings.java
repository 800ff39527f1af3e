package dev.quarry.dashboard.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The {@code auth:} section: the API tokens that may use the application port, and how long a
 * browser session lasts. A token is stored as the hex SHA-256 of its value, never the value itself.
 * {@code QUARRY_ADMIN_TOKEN} adds an admin token at start-up (see {@link ApiTokens}). Its keys, and
 * those of {@link Token}, have the shape of {@link dev.quarry.detectors.config}: private fields read
 * and set through the methods of their names. Mutable bean bound from YAML and validated when loaded.
 */
public class AuthSettings {
    public static final Duration DEFAULT_SESSION_LIFETIME = Duration.ofHours(8);

    /**
     * Tokens, each {@code {name, role, sha256}}; also {@code name:role:sha256} in one string, so a
     * list can be given as {@code -Ddw.auth.tokens=ci:viewer:ab12...,bot:ingest:cd34...}. Default empty.
     */
    @Valid
    @NotNull
    @JsonProperty
    private List<Token> tokens = new ArrayList<>();

    /**
     * How long a session of the analyst page lasts after sign-in; then the page asks for the token
     * again. Default {@code PT8H}.
     */
    @NotNull
    @DurationMin(minutes = 1, message = "must be at least one minute")
    @JsonProperty
    private Duration sessionLifetime = DEFAULT_SESSION_LIFETIME;

    /**
     * A secret shared by every instance of one deployment, so that one instance can forward a page
     * session's request for a client's live state to the instance that owns it ({@link Role#PEER}:
     * it reads live state and nothing else, and cannot sign in). Empty (the default): page sessions
     * see live state only for the clients their own instance owns. The shipped configuration reads
     * it from {@code QUARRY_PEER_TOKEN}. At least {@value ApiTokens#MIN_PEER_TOKEN_CHARS} characters.
     */
    @NotNull
    @Pattern(regexp = "|.{" + ApiTokens.MIN_PEER_TOKEN_CHARS + ",4096}",
            message = "must be empty or at least " + ApiTokens.MIN_PEER_TOKEN_CHARS + " characters (e.g. `openssl rand -hex 24`)")
    @JsonProperty
    private String peerToken = "";

    public List<Token> tokens() {
        return tokens;
    }

    public AuthSettings tokens(List<Token> tokens) {
        this.tokens = tokens;
        return this;
    }

    public Duration sessionLifetime() {
        return sessionLifetime;
    }

    public AuthSettings sessionLifetime(Duration sessionLifetime) {
        this.sessionLifetime = sessionLifetime;
        return this;
    }

    public String peerToken() {
        return peerToken;
    }

    public AuthSettings peerToken(String peerToken) {
        this.peerToken = peerToken;
        return this;
    }

    /** The peer token, or empty when none is set. */
    public Optional<String> peer() {
        return peerToken == null || peerToken.isEmpty() ? Optional.empty() : Optional.of(peerToken);
    }

    /**
     * One API token of {@code auth.tokens}, given as a mapping or in the one-string form
     * {@link #parse(String)} reads. Mutable bean bound from YAML and validated when loaded.
     */
    public static class Token {
        /** Who the token belongs to; the actor in the audit log. Unique among the tokens. */
        @NotNull
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._@-]{0,63}",
                message = "must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit")
        @JsonProperty
        private String name;

        /** {@code viewer}, {@code analyst}, {@code admin} or {@code ingest}. */
        @NotNull
        @JsonProperty
        private Role role;

        /** Hex SHA-256 of the token's UTF-8 bytes, e.g. {@code printf %s "$TOKEN" | sha256sum}. */
        @NotNull
        @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be the hex SHA-256 of the token (64 hex digits)")
        @JsonProperty
        private String sha256;

        public Token() {}

        public Token(String name, Role role, String sha256) {
            this.name = name;
            this.role = role;
            this.sha256 = sha256;
        }

        public String name() {
            return name;
        }

        public Token name(String name) {
            this.name = name;
            return this;
        }

        public Role role() {
            return role;
        }

        public Token role(Role role) {
            this.role = role;
            return this;
        }

        public String sha256() {
            return sha256;
        }

        public Token sha256(String sha256) {
            this.sha256 = sha256;
            return this;
        }

        /**
         * {@code name:role:sha256}, the one-string form.
         *
         * @throws IllegalArgumentException when it has not three parts or the role is unknown
         */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Token parse(String text) {
            String[] parts = text.trim().split(":", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("expected name:role:sha256, got " + parts.length + " part(s)");
            }
            return new Token(parts[0], Role.fromWireName(parts[1]), parts[2]);
        }
    }
}
