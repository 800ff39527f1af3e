package dev.quarry.dashboard.auth;

import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Authenticates {@code Authorization: Bearer <token>} against the {@link ApiTokens}. Unlike
 * Dropwizard's {@code OAuthCredentialAuthFilter} it never reads a token from the query string,
 * where request logs, browser history and proxies would keep it. A Bearer request needs no CSRF
 * token: a browser never adds this header to a request by itself. Stateless and thread-safe.
 */
@Priority(Priorities.AUTHENTICATION)
final class BearerTokenFilter extends AuthFilter<String, QuarryPrincipal> {
    static final String SCHEME = "Bearer";

    private BearerTokenFilter() {}

    @Override
    public void filter(ContainerRequestContext request) {
        if (!authenticate(request, token(request.getHeaderString(HttpHeaders.AUTHORIZATION)), SCHEME)) {
            throw unauthorizedHandler.buildException(prefix, realm);
        }
    }

    /** The token of a {@code Bearer} header (scheme case-insensitive), or null. */
    static String token(String header) {
        if (header == null) {
            return null;
        }
        int space = header.indexOf(' ');
        if (space <= 0 || !header.substring(0, space).equalsIgnoreCase(SCHEME)) {
            return null;
        }
        String token = header.substring(space + 1).trim();
        return token.isEmpty() ? null : token;
    }

    static final class Builder extends AuthFilterBuilder<String, QuarryPrincipal, BearerTokenFilter> {
        @Override
        protected BearerTokenFilter newInstance() {
            return new BearerTokenFilter();
        }
    }
}
