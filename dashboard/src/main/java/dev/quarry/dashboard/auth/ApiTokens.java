package dev.quarry.dashboard.auth;

import io.dropwizard.auth.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The API tokens the service accepts, known only by their SHA-256: a presented token is hashed and
 * compared with every known hash in constant time ({@link MessageDigest#isEqual}), so neither the
 * comparison nor the store of tokens tells an attacker how close a guess came. Neither this class
 * nor its errors ever log or repeat a token. Immutable and thread-safe.
 */
public final class ApiTokens implements Authenticator<String, QuarryPrincipal> {
    /** The environment variable whose value is added as an admin token. */
    public static final String ADMIN_TOKEN_ENV = "QUARRY_ADMIN_TOKEN";
    /** The name of the token from {@value #ADMIN_TOKEN_ENV}. */
    public static final String ADMIN_TOKEN_NAME = "admin";
    /** Shortest {@value #ADMIN_TOKEN_ENV} accepted. */
    public static final int MIN_ADMIN_TOKEN_CHARS = 12;
    /** The name of the token {@code auth.peerToken} adds ({@link Role#PEER}). */
    public static final String PEER_TOKEN_NAME = "peer-instance";
    /** Shortest {@code auth.peerToken} accepted: only machines type it. */
    public static final int MIN_PEER_TOKEN_CHARS = 32;
    /** Longer credentials are refused without hashing. */
    private static final int MAX_TOKEN_CHARS = 4096;

    private record Known(QuarryPrincipal principal, byte[] sha256) {}

    private final List<Known> known;

    private ApiTokens(List<Known> known) {
        this.known = List.copyOf(known);
    }

    /**
     * The configured tokens, plus {@code adminToken} (the value of {@value #ADMIN_TOKEN_ENV}) as an
     * admin token named {@value #ADMIN_TOKEN_NAME} when present.
     *
     * @throws IllegalArgumentException when the admin token is shorter than
     *     {@value #MIN_ADMIN_TOKEN_CHARS} characters, or two tokens share a name or a hash
     */
    public static ApiTokens of(List<AuthSettings.Token> configured, Optional<String> adminToken) {
        return of(configured, adminToken, Optional.empty());
    }

    /**
     * As {@link #of(List, Optional)}, plus {@code peerToken} ({@code auth.peerToken}) as a
     * {@link Role#PEER} token named {@value #PEER_TOKEN_NAME} when present.
     *
     * @throws IllegalArgumentException also when the peer token is shorter than
     *     {@value #MIN_PEER_TOKEN_CHARS} characters
     */
    public static ApiTokens of(List<AuthSettings.Token> configured, Optional<String> adminToken, Optional<String> peerToken) {
        List<Known> known = new ArrayList<>();
        for (AuthSettings.Token t : configured) {
            known.add(new Known(new QuarryPrincipal(t.name(), t.role()), HexFormat.of().parseHex(t.sha256().toLowerCase(Locale.ROOT))));
        }
        if (adminToken.isPresent()) {
            String token = adminToken.get();
            if (token.length() < MIN_ADMIN_TOKEN_CHARS) {
                throw new IllegalArgumentException(ADMIN_TOKEN_ENV + " must be at least " + MIN_ADMIN_TOKEN_CHARS
                        + " characters long (it has " + token.length() + "); use a random value, e.g. `openssl rand -hex 24`");
            }
            known.add(new Known(new QuarryPrincipal(ADMIN_TOKEN_NAME, Role.ADMIN), sha256(token)));
        }
        if (peerToken.isPresent()) {
            String token = peerToken.get();
            if (token.length() < MIN_PEER_TOKEN_CHARS) {
                throw new IllegalArgumentException("auth.peerToken must be at least " + MIN_PEER_TOKEN_CHARS
                        + " characters long (it has " + token.length() + "); use a random value, e.g. `openssl rand -hex 24`");
            }
            known.add(new Known(new QuarryPrincipal(PEER_TOKEN_NAME, Role.PEER), sha256(token)));
        }
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (Known k : known) {
            if (!names.add(k.principal().name())) {
                throw new IllegalArgumentException("auth.tokens: the name '" + k.principal().name() + "' is used twice"
                        + (k.principal().name().equals(ADMIN_TOKEN_NAME) && adminToken.isPresent()
                                ? " (" + ADMIN_TOKEN_ENV + " adds a token of that name)" : "")
                        + (k.principal().name().equals(PEER_TOKEN_NAME) && peerToken.isPresent()
                                ? " (auth.peerToken adds a token of that name)" : ""));
            }
            if (!hashes.add(HexFormat.of().formatHex(k.sha256()))) {
                throw new IllegalArgumentException("auth.tokens: the token of '" + k.principal().name()
                        + "' is also another token's");
            }
        }
        return new ApiTokens(known);
    }

    /** The principal of a token, or empty for an unknown, blank or oversized one. */
    @Override
    public Optional<QuarryPrincipal> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        byte[] presented = sha256(token);
        QuarryPrincipal match = null;
        for (Known k : known) {
            // No early exit: every hash is compared whatever matched.
            if (MessageDigest.isEqual(presented, k.sha256()) && match == null) {
                match = k.principal();
            }
        }
        return Optional.ofNullable(match);
    }

    /** How many tokens are known. */
    public int size() {
        return known.size();
    }

    /** The names and roles of the known tokens (no hashes), for the start-up log. */
    public List<QuarryPrincipal> principals() {
        return known.stream().map(Known::principal).toList();
    }

    /** Hex SHA-256 of a token's UTF-8 bytes: what {@code auth.tokens[].sha256} holds. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
