package dev.quarry.dashboard.auth;

import io.dropwizard.auth.AuthFilter;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates the analyst page's session cookie ({@value Sessions#COOKIE}). A request with a
 * method other than GET, HEAD or OPTIONS must also carry the session's CSRF token in
 * {@value Sessions#CSRF_HEADER}, or it is refused with 403: the cookie goes with any request the
 * browser makes, the header only with the page's own. The live feed works with the cookie alone,
 * as {@code EventSource} cannot set headers. Thread-safe.
 */
@Priority(Priorities.AUTHENTICATION)
final class SessionCookieFilter extends AuthFilter<String, QuarryPrincipal> {
    static final String SCHEME = "Session";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Sessions sessions;

    private SessionCookieFilter(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(Sessions.COOKIE);
        Optional<Sessions.Session> session = cookie == null ? Optional.empty() : sessions.find(cookie.getValue());
        if (session.isEmpty()) {
            throw unauthorizedHandler.buildException(prefix, realm);
        }
        if (!SAFE_METHODS.contains(request.getMethod())
                && !session.get().acceptsCsrf(request.getHeaderString(Sessions.CSRF_HEADER))) {
            String message = "missing or wrong " + Sessions.CSRF_HEADER + " header: a write with the session cookie "
                    + "must send the csrf_token returned at sign-in";
            throw new ForbiddenException(message, Response.status(Response.Status.FORBIDDEN)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorMessage(Response.Status.FORBIDDEN.getStatusCode(), message))
                    .build());
        }
        if (!authenticate(request, cookie.getValue(), SCHEME)) {
            throw unauthorizedHandler.buildException(prefix, realm);
        }
    }

    static final class Builder extends AuthFilterBuilder<String, QuarryPrincipal, SessionCookieFilter> {
        private final Sessions sessions;

        Builder(Sessions sessions) {
            this.sessions = Objects.requireNonNull(sessions, "sessions");
            setAuthenticator(id -> sessions.find(id).map(Sessions.Session::principal));
        }

        @Override
        protected SessionCookieFilter newInstance() {
            return new SessionCookieFilter(sessions);
        }
    }
}
