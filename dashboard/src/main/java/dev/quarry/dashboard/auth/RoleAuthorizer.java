package dev.quarry.dashboard.auth;

import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Answers {@code @RolesAllowed} with {@link Role#grants}: an admin may do what an analyst may, an
 * analyst what a viewer may; an ingest token only ingests. Stateless and thread-safe.
 */
final class RoleAuthorizer implements Authorizer<QuarryPrincipal> {
    @Override
    public boolean authorize(QuarryPrincipal principal, String role, ContainerRequestContext request) {
        try {
            return principal.role().grants(Role.fromWireName(role));
        } catch (IllegalArgumentException e) {
            return false; // a role name no resource should use
        }
    }
}
