package dev.quarry.dashboard.api;

import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.store.AlertQuery;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.detectors.alert.Alert;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /alerts/stream}: the live feed as Server-Sent Events (see {@link AlertFeed} for the
 * event format). {@code ?recent=N} first replays the N most recent current alerts, oldest first,
 * 0 to {@value AlertQuery#MAX_LIMIT}, default 0. Thread-safe.
 */
@RolesAllowed(Role.Names.VIEWER)
@Path("/alerts/stream")
public final class AlertStreamResource {
    private final AlertFeed feed;
    private final AlertStore store;

    public AlertStreamResource(AlertFeed feed, AlertStore store) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.store = Objects.requireNonNull(store, "store");
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context SseEventSink sink, @QueryParam("recent") String recent) {
        int n = QueryParams.integer("recent", recent, 0, 0, AlertQuery.MAX_LIMIT);
        feed.subscribe(sink, () -> n == 0 ? List.of() : oldestFirst(store.search(AlertQuery.recent(n)).items()));
    }

    private static List<Alert> oldestFirst(List<Alert> newestFirst) {
        List<Alert> alerts = new ArrayList<>(newestFirst);
        Collections.reverse(alerts);
        return alerts;
    }
}
