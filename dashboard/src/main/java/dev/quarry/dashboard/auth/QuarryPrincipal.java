package dev.quarry.dashboard.auth;

import java.security.Principal;
import java.util.Objects;

/**
 * Who made a request: the name of the API token it carried, directly or through a session, and
 * that token's role. The name is what the audit log records as the actor. Immutable.
 *
 * @param name the token's name from {@code auth.tokens}, or {@code admin} for {@code QUARRY_ADMIN_TOKEN}
 * @param role what the token may do
 */
public record QuarryPrincipal(String name, Role role) implements Principal {
    /** The actor of changes the service makes itself, such as reopening an alert. */
    public static final String SYSTEM = "system";

    public QuarryPrincipal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    @Override
    public String getName() {
        return name;
    }
}
