package dev.quarry.dashboard.api;

import io.dropwizard.jetty.setup.ServletEnvironment;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;

/**
 * Adds the headers that keep attacker-controlled alert content inert in the analyst's browser: a
 * Content-Security-Policy that allows only the dashboard's own scripts, styles and connections
 * (no inline script, no plugins, no framing), {@code X-Content-Type-Options: nosniff} and
 * {@code Referrer-Policy: no-referrer}. Headers are set before the request is handled, so they are on
 * every response, errors included. Stateless and thread-safe.
 */
public final class SecurityHeadersFilter implements Filter {
    /** The policy sent with every response. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'";

    /** Applies the filter to every path of the application's servlet context (API and assets). */
    public void register(ServletEnvironment servlets) {
        servlets.addFilter("security-headers", this)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR), true, "/*");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (response instanceof HttpServletResponse http) {
            http.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            http.setHeader("X-Content-Type-Options", "nosniff");
            http.setHeader("Referrer-Policy", "no-referrer");
        }
        chain.doFilter(request, response);
    }
}
