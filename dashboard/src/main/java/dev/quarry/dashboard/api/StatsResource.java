package dev.quarry.dashboard.api;

import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.store.AlertStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;

/** {@code GET /stats}: current alerts counted by severity, as {@link SeverityStats}. Thread-safe. */
@RolesAllowed(Role.Names.VIEWER)
@Path("/stats")
@Produces(MediaType.APPLICATION_JSON)
public final class StatsResource {
    private final AlertStore store;

    public StatsResource(AlertStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @GET
    public SeverityStats stats() {
        return SeverityStats.of(store.countsBySeverity());
    }
}
