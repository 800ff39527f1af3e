package dev.quarry.dashboard.api;

import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.dashboard.store.ClientView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;

/**
 * {@code GET /clients/{client_id}}: one client's alerts (including clusters it belongs to) and its
 * signal history. A client without alerts gets empty lists, not 404: the store only knows clients
 * that have been alerted on. Thread-safe.
 */
@RolesAllowed(Role.Names.VIEWER)
@Path("/clients/{client_id}")
@Produces(MediaType.APPLICATION_JSON)
public final class ClientsResource {
    private final AlertStore store;

    public ClientsResource(AlertStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @GET
    public ClientView client(@PathParam("client_id") String clientId) {
        return store.client(clientId);
    }
}
