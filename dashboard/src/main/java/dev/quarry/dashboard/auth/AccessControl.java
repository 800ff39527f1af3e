package dev.quarry.dashboard.auth;

import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthFilter;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.JSONUnauthorizedHandler;
import io.dropwizard.auth.chained.ChainedAuthFilter;
import io.dropwizard.core.setup.Environment;
import java.util.List;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication and authorization of the application port, with Dropwizard's auth module. Every
 * resource under {@code /api} declares the role it needs with {@code @RolesAllowed} (or
 * {@code @PermitAll} for any signed-in caller). A request authenticates with the session cookie of
 * the analyst page, or with {@code Authorization: Bearer <token>}; one without either gets a 401
 * JSON error, one whose role is too low a 403. Only {@code POST /api/session} (sign-in) is open.
 * The static page needs no credentials and holds no data; the admin port is not covered.
 *
 * <p>In the application's {@code run}:
 *
 * <pre>{@code
 * ApiTokens tokens = ApiTokens.of(config.auth.tokens, Optional.ofNullable(System.getenv(ApiTokens.ADMIN_TOKEN_ENV)));
 * ...
 * AccessControl.create(tokens, config.auth, listener).register(environment);
 * }</pre>
 *
 * Immutable; registers the same component instances each time it is asked.
 */
public final class AccessControl {
    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);
    static final String REALM = "quarry";

    private final ApiTokens tokens;
    private final List<Object> components;

    private AccessControl(ApiTokens tokens, Sessions sessions, SessionResource.SignInListener listener) {
        this.tokens = tokens;
        @SuppressWarnings("rawtypes")
        List<AuthFilter> filters = List.of(
                // The cookie first: its 403 for a missing CSRF token is the error a page's write should see.
                new SessionCookieFilter.Builder(sessions)
                        .setPrefix(BearerTokenFilter.SCHEME)
                        .setRealm(REALM)
                        .setAuthorizer(new RoleAuthorizer())
                        .setUnauthorizedHandler(new JSONUnauthorizedHandler())
                        .buildAuthFilter(),
                new BearerTokenFilter.Builder()
                        .setAuthenticator(tokens)
                        .setPrefix(BearerTokenFilter.SCHEME)
                        .setRealm(REALM)
                        .setAuthorizer(new RoleAuthorizer())
                        .setUnauthorizedHandler(new JSONUnauthorizedHandler())
                        .buildAuthFilter());
        this.components = List.of(
                new AuthDynamicFeature(new ChainedAuthFilter<>(filters)),
                new RolesAllowedDynamicFeature(),
                new AuthValueFactoryProvider.Binder<>(QuarryPrincipal.class),
                new SessionResource(tokens, sessions, listener));
    }

    /**
     * Access control with these tokens and the session lifetime of the settings.
     *
     * @param listener told of every sign-in and sign-out (the audit log)
     */
    public static AccessControl create(ApiTokens tokens, AuthSettings settings, SessionResource.SignInListener listener) {
        return new AccessControl(tokens, new Sessions(settings.sessionLifetime()), listener);
    }

    /** Access control over known tokens, for tests. */
    public static AccessControl of(ApiTokens tokens, Sessions sessions, SessionResource.SignInListener listener) {
        return new AccessControl(tokens, sessions, listener);
    }

    /**
     * Registers the auth filters, {@code @RolesAllowed}, {@code @Auth} injection and the session
     * resource with Jersey, and keeps credentials out of the request log.
     */
    public void register(Environment environment) {
        components.forEach(environment.jersey()::register);
        environment.lifecycle().addEventListener(RedactingRequestLog.installer());
        if (tokens.size() == 0) {
            LOG.warn("No API tokens: every /api route answers 401. Set {} or add auth.tokens.", ApiTokens.ADMIN_TOKEN_ENV);
        } else {
            LOG.info("API tokens: {}", tokens.principals().stream()
                    .map(p -> p.name() + " (" + p.role().wireName() + ")").toList());
        }
    }

    /** The providers and the session resource, e.g. for {@code ResourceExtension.builder().addResource}. */
    public List<Object> components() {
        return components;
    }
}
