package dev.quarry.dashboard.api;

import dev.quarry.dashboard.auth.QuarryPrincipal;
import dev.quarry.dashboard.auth.Role;
import io.dropwizard.auth.Auth;
import dev.quarry.dashboard.runtime.LiveProfiles;
import dev.quarry.dashboard.store.LiveProfile;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;

/**
 * A client's live state in the detection topology, {@code GET /client-state?id=...}, from
 * whichever instance owns it ({@link LiveProfiles}): 404 when no instance holds state for the
 * client, 503 when the owner does not answer (partitions moving; retry). Readers, and the peer token
 * of another instance forwarding a page session's request. Thread-safe.
 */
@RolesAllowed({Role.Names.VIEWER, Role.Names.PEER})
@Path("/client-state")
@Produces(MediaType.APPLICATION_JSON)
public final class ClientStateResource {
    private final LiveProfiles profiles;

    public ClientStateResource(LiveProfiles profiles) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    @GET
    public LiveProfile state(@Auth QuarryPrincipal caller, @QueryParam("id") String clientId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(LiveProfiles.FORWARDED) String forwarded) {
        String id = QueryParams.required("id", clientId);
        try {
            // The peer token is only ever sent by another instance: answer from local state.
            return profiles.lookup(id, authorization, forwarded != null || caller.role() == Role.PEER)
                    .orElseThrow(() -> new NotFoundException("no live state for this client"));
        } catch (LiveProfiles.OwnerUnavailableException e) {
            throw new ServiceUnavailableException("the instance holding this client's state did not answer", 1L);
        }
    }
}
