package dev.quarry.dashboard.api;

import dev.quarry.dashboard.auth.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code GET /status}: the detection topology's state, readiness, input lag and totals in this
 * process, as {@link PipelineStatus}. The lowest reading role: whoever may read alerts may see
 * whether they are coming. Thread-safe.
 */
@RolesAllowed(Role.Names.VIEWER)
@Path("/status")
@Produces(MediaType.APPLICATION_JSON)
public final class StatusResource {
    private final Supplier<PipelineStatus> status;

    /** @param status computes the status on each request; called on request threads */
    public StatusResource(Supplier<PipelineStatus> status) {
        this.status = Objects.requireNonNull(status, "status");
    }

    @GET
    public PipelineStatus status() {
        return status.get();
    }
}
