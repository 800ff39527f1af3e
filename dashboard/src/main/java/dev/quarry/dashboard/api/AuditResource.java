package dev.quarry.dashboard.api;

import dev.quarry.dashboard.audit.AuditLog;
import dev.quarry.dashboard.audit.AuditPage;
import dev.quarry.dashboard.auth.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;

/**
 * {@code GET /audit?limit=&offset=}: the audit log, newest first, for admins. Thread-safe.
 */
@RolesAllowed(Role.Names.ADMIN)
@Path("/audit")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {
    /** Page size when none is given. */
    public static final int DEFAULT_LIMIT = 50;
    /** Largest page size. */
    public static final int MAX_LIMIT = 500;
    /** Deepest offset. */
    public static final int MAX_OFFSET = 1_000_000;

    private final AuditLog audit;

    public AuditResource(AuditLog audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @GET
    public AuditPage page(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return audit.page(QueryParams.integer("offset", offset, 0, 0, MAX_OFFSET),
                QueryParams.integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT));
    }
}
