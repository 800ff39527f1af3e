package dev.quarry.dashboard.api;

import dev.quarry.dashboard.auth.QuarryPrincipal;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.journal.JournalUnavailableException;
import dev.quarry.dashboard.suppression.SuppressionDesk;
import dev.quarry.dashboard.suppression.SuppressionRequest;
import dev.quarry.detectors.suppression.Suppression;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analysts' suppressions: {@code GET /suppressions} and {@code GET /suppressions/{id}} (viewers),
 * {@code POST /suppressions} (analysts; 201 with the suppression), {@code DELETE /suppressions/{id}}
 * (the analyst who made it, or an admin; 204). An invalid body is 422, an unknown id 404, a
 * journal that cannot take the change 503. Thread-safe.
 */
@RolesAllowed(Role.Names.VIEWER)
@Path("/suppressions")
@Produces(MediaType.APPLICATION_JSON)
public final class SuppressionsResource {
    private static final Logger LOG = LoggerFactory.getLogger(SuppressionsResource.class);

    private final SuppressionDesk desk;

    public SuppressionsResource(SuppressionDesk desk) {
        this.desk = Objects.requireNonNull(desk, "desk");
    }

    @GET
    public List<Suppression> list() {
        return desk.list();
    }

    @GET
    @Path("/{id}")
    public Suppression get(@PathParam("id") String id) {
        return suppression(id);
    }

    @POST
    @RolesAllowed(Role.Names.ANALYST)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Auth QuarryPrincipal analyst, SuppressionRequest body) {
        if (body == null) {
            throw ApiErrors.unprocessable("a JSON body {\"client_id\" or \"org_id\": ..., \"detectors\": [...], "
                    + "\"reason\": ..., \"expires_at\": ...} is required");
        }
        Suppression s;
        try {
            s = desk.create(body, analyst.name());
        } catch (IllegalArgumentException e) {
            throw ApiErrors.unprocessable(e.getMessage());
        } catch (JournalUnavailableException e) {
            LOG.error("Suppression by {}: {}", analyst.name(), e.getMessage(), e);
            throw ApiErrors.unavailable("the suppression store or the audit log is unavailable: " + e.getMessage());
        }
        return Response.created(UriBuilder.fromPath("/api/suppressions/{id}").build(s.id())).entity(s).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.Names.ANALYST)
    public Response delete(@Auth QuarryPrincipal caller, @PathParam("id") String id) {
        Suppression s = suppression(id);
        if (caller.role() != Role.ADMIN && !caller.name().equals(s.createdBy())) {
            throw ApiErrors.forbidden("only its creator or an admin may delete suppression " + id);
        }
        try {
            desk.delete(s, caller.name());
        } catch (JournalUnavailableException e) {
            LOG.error("Deleting suppression {} by {}: {}", id, caller.name(), e.getMessage(), e);
            throw ApiErrors.unavailable("the suppression store or the audit log is unavailable: " + e.getMessage());
        }
        return Response.noContent().build();
    }

    private Suppression suppression(String id) {
        return desk.get(id).orElseThrow(() -> ApiErrors.notFound("no suppression with id '" + id + "'"));
    }
}
