package dev.quarry.dashboard.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.auth.Auth;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in and sign-out of the analyst page, under {@code /session}:
 * <ul>
 *   <li>{@code POST} with {@code {"token": "..."}} (JSON only, so no other site's form can post
 *       it) starts a session: the answer sets the HttpOnly, SameSite=Strict cookie
 *       {@value Sessions#COOKIE} and carries the session's {@code csrf_token};</li>
 *   <li>{@code GET} tells who is signed in, and gives a session its {@code csrf_token} again (after
 *       a reload of the page, which forgets it);</li>
 *   <li>{@code DELETE} ends the session and clears the cookie.</li>
 * </ul>
 * Thread-safe.
 */
@Path("/session")
@Produces(MediaType.APPLICATION_JSON)
public final class SessionResource {
    private static final Logger LOG = LoggerFactory.getLogger(SessionResource.class);

    private final ApiTokens tokens;
    private final Sessions sessions;
    private final SignInListener listener;

    /**
     * What else happens at sign-in and sign-out (the audit log). A sign-in whose listener fails is
     * refused with 503; a sign-out whose listener fails still signs out, and the failure is logged.
     */
    public interface SignInListener {
        void signedIn(QuarryPrincipal principal);

        void signedOut(QuarryPrincipal principal);

        SignInListener NONE = new SignInListener() {
            @Override
            public void signedIn(QuarryPrincipal principal) {}

            @Override
            public void signedOut(QuarryPrincipal principal) {}
        };
    }

    /** The body of a sign-in. */
    public record SignIn(@JsonProperty("token") String token) {
        @Override
        public String toString() {
            return "SignIn[token redacted]";
        }
    }

    /**
     * Who is signed in.
     *
     * @param csrfToken the session's CSRF token; absent for a Bearer request
     * @param expiresAt when the session ends, epoch millis; absent for a Bearer request
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SessionView(
            @JsonProperty("name") String name,
            @JsonProperty("role") Role role,
            @JsonProperty("csrf_token") String csrfToken,
            @JsonProperty("expires_at") Long expiresAt) {

        static SessionView of(Sessions.Session s) {
            return new SessionView(s.principal().name(), s.principal().role(), s.csrfToken(), s.expiresAt().toEpochMilli());
        }
    }

    public SessionResource(ApiTokens tokens, Sessions sessions, SignInListener listener) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response signIn(SignIn body, @Context UriInfo uri, @Context SecurityContext security) {
        Optional<QuarryPrincipal> principal = tokens.authenticate(body == null ? null : body.token());
        if (principal.isEmpty()) {
            LOG.warn("Sign-in refused: unknown token");
            throw error(Response.Status.UNAUTHORIZED, "unknown token");
        }
        if (principal.get().role() == Role.INGEST) {
            throw error(Response.Status.FORBIDDEN, "an ingest token cannot sign in to the page");
        }
        if (principal.get().role() == Role.PEER) {
            throw error(Response.Status.FORBIDDEN, "the peer token cannot sign in to the page");
        }
        try {
            listener.signedIn(principal.get());
        } catch (RuntimeException e) {
            LOG.error("Sign-in of {} refused: it could not be recorded", principal.get().name(), e);
            throw error(Response.Status.SERVICE_UNAVAILABLE, "the sign-in could not be recorded in the audit log; try again");
        }
        Sessions.Session session = sessions.start(principal.get());
        LOG.info("Signed in: {} ({})", principal.get().name(), principal.get().role().wireName());
        return Response.ok(SessionView.of(session))
                .cookie(cookie(uri, security, session.id(), (int) sessions.lifetime().toSeconds()))
                .build();
    }

    @GET
    @PermitAll
    public SessionView current(@Auth QuarryPrincipal principal, @CookieParam(Sessions.COOKIE) String id,
            @Context SecurityContext security) {
        if (SessionCookieFilter.SCHEME.equals(security.getAuthenticationScheme())) {
            Optional<Sessions.Session> session = sessions.find(id);
            if (session.isPresent()) {
                return SessionView.of(session.get());
            }
        }
        return new SessionView(principal.name(), principal.role(), null, null);
    }

    @DELETE
    @PermitAll
    public Response signOut(@Auth QuarryPrincipal principal, @CookieParam(Sessions.COOKIE) String id,
            @Context UriInfo uri, @Context SecurityContext security) {
        if (SessionCookieFilter.SCHEME.equals(security.getAuthenticationScheme()) && sessions.end(id).isPresent()) {
            LOG.info("Signed out: {}", principal.name());
            try {
                listener.signedOut(principal);
            } catch (RuntimeException e) {
                LOG.error("Sign-out of {} not recorded in the audit log", principal.name(), e);
            }
        }
        return Response.noContent().cookie(cookie(uri, security, "", 0)).build();
    }

    /** The session cookie, scoped to the API's path; {@code Secure} when the request came over HTTPS. */
    private static NewCookie cookie(UriInfo uri, SecurityContext security, String value, int maxAgeSeconds) {
        String path = uri.getBaseUri().getPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new NewCookie.Builder(Sessions.COOKIE)
                .value(value)
                .path(path.isEmpty() ? "/" : path)
                .maxAge(maxAgeSeconds)
                .httpOnly(true)
                .secure(security.isSecure())
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }

    private static WebApplicationException error(Response.Status status, String message) {
        return new WebApplicationException(message, Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(status.getStatusCode(), message))
                .build());
    }
}
