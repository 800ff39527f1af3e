package dev.quarry.dashboard.api;

import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.runtime.LiveProfiles;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.dashboard.store.ClientView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;

/**
 * One client's alerts (including clusters it belongs to), its signal history and the activity its
 * alerts' evidence shows: {@code GET /clients?id=...}, and {@code GET /clients/{client_id}} for ids
 * a path segment can carry. Client ids are arbitrary strings: Jetty refuses an encoded {@code /} or
 * {@code %} ({@code %2F}, {@code %25}) in a path with 400, so the query form is the one that takes
 * every id. A client
 * without alerts gets empty lists, not 404: the store only knows clients that have been alerted on.
 * With a topology, {@code live} holds the client's state now from the instance that owns it
 * ({@link LiveProfiles}), or null. Thread-safe.
 */
@RolesAllowed(Role.Names.VIEWER)
@Path("/clients")
@Produces(MediaType.APPLICATION_JSON)
public final class ClientsResource {
    private final AlertStore store;
    private final LiveProfiles live;

    public ClientsResource(AlertStore store) {
        this(store, null);
    }

    /** @param live the clients' live state, from the instance that owns each ({@code null}: none) */
    public ClientsResource(AlertStore store, LiveProfiles live) {
        this.store = Objects.requireNonNull(store, "store");
        this.live = live;
    }

    @GET
    public ClientView byQuery(@QueryParam("id") String clientId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return view(QueryParams.required("id", clientId), authorization);
    }

    @GET
    @Path("/{client_id}")
    public ClientView client(@PathParam("client_id") String clientId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return view(clientId, authorization);
    }

    private ClientView view(String clientId, String authorization) {
        ClientView view = store.client(clientId);
        if (live == null) {
            return view;
        }
        try {
            return view.withLive(live.lookup(clientId, authorization, false).orElse(null));
        } catch (LiveProfiles.OwnerUnavailableException e) {
            // The alerts are this instance's own; only the live part is missing.
            return view;
        }
    }
}
