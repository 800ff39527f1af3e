package dev.quarry.dashboard.auth;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One API token per role for tests: the token of role {@code r} is named after it
 * ({@code viewer}, {@code analyst}, ...). {@link #configOverride()} puts them into a configuration
 * ({@code auth.tokens}), {@link #bearer} gives the header value to send.
 */
public final class TestTokens {
    private TestTokens() {}

    /** The token of a role. */
    public static String token(Role role) {
        return "test-token-of-the-" + role.wireName() + "-role";
    }

    /** {@code Bearer <token>} for the {@code Authorization} header. */
    public static String bearer(Role role) {
        return "Bearer " + token(role);
    }

    /** The value of a {@code ConfigOverride} of {@code auth.tokens}: every role's token. */
    public static String configOverride() {
        return Arrays.stream(Role.values())
                .map(r -> r.wireName() + ":" + r.wireName() + ":" + ApiTokens.sha256Hex(token(r)))
                .collect(Collectors.joining(","));
    }

    public static List<AuthSettings.Token> tokens() {
        return Arrays.stream(Role.values())
                .map(r -> new AuthSettings.Token(r.wireName(), r, ApiTokens.sha256Hex(token(r))))
                .toList();
    }

    public static ApiTokens apiTokens() {
        return ApiTokens.of(tokens(), Optional.empty());
    }

    /** Access control over every role's token, for resource tests. */
    public static AccessControl accessControl() {
        return accessControl(SessionResource.SignInListener.NONE);
    }

    /** Access control over every role's token that tells {@code listener} of sign-ins and sign-outs. */
    public static AccessControl accessControl(SessionResource.SignInListener listener) {
        return AccessControl.of(apiTokens(), new Sessions(Duration.ofHours(1)), listener);
    }
}
