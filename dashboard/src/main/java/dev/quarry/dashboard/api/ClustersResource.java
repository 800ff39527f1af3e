package dev.quarry.dashboard.api;

import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.dashboard.store.ClusterView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;

/**
 * One cluster's alerts, members, link keys and pooled volume: {@code GET /clusters?id=...}, and
 * {@code GET /clusters/{cluster_id}}. A cluster id is {@code hydra-} and a client id, so it can hold
 * a {@code /} or a {@code %}, which only the query form takes (see {@link ClientsResource}). An unknown cluster
 * gets empty lists. Thread-safe.
 */
@RolesAllowed(Role.Names.VIEWER)
@Path("/clusters")
@Produces(MediaType.APPLICATION_JSON)
public final class ClustersResource {
    private final AlertStore store;

    public ClustersResource(AlertStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @GET
    public ClusterView byQuery(@QueryParam("id") String clusterId) {
        return store.cluster(QueryParams.required("id", clusterId));
    }

    @GET
    @Path("/{cluster_id}")
    public ClusterView cluster(@PathParam("cluster_id") String clusterId) {
        return store.cluster(clusterId);
    }
}
