package dev.quarry.dashboard.api;

import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.dashboard.store.ClientView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;

/**
 * One client's alerts (including clusters it belongs to), its signal history and the activity its
 * alerts' evidence shows: {@code GET /clients?id=...}, and {@code GET /clients/{client_id}} for ids
 * a path segment can carry. Client ids are arbitrary strings: Jetty refuses an encoded {@code /} or
 * {@code %} ({@code %2F}, {@code %25}) in a path with 400, so the query form is the one that takes
 * every id. A client
 * without alerts gets empty lists, not 404: the store only knows clients that have been alerted on.
 * Thread-safe.
 */
@RolesAllowed(Role.Names.VIEWER)
@Path("/clients")
@Produces(MediaType.APPLICATION_JSON)
public final class ClientsResource {
    private final AlertStore store;

    public ClientsResource(AlertStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @GET
    public ClientView byQuery(@QueryParam("id") String clientId) {
        return store.client(QueryParams.required("id", clientId));
    }

    @GET
    @Path("/{client_id}")
    public ClientView client(@PathParam("client_id") String clientId) {
        return store.client(clientId);
    }
}
