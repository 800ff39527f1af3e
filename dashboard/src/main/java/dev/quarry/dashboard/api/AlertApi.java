package dev.quarry.dashboard.api;

import dev.quarry.dashboard.audit.AuditLog;
import dev.quarry.dashboard.runtime.LiveProfiles;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.dashboard.suppression.SuppressionDesk;
import dev.quarry.dashboard.triage.TriageDesk;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.glassfish.jersey.media.sse.SseFeature;

/**
 * The alert HTTP API in one piece: the resources under {@code /alerts} (triage, bulk triage and
 * export included), {@code /suppressions}, {@code /clients}, {@code /clusters}, {@code /stats},
 * {@code /overview}, {@code /audit} and, with a topology, {@code /client-state}, the live feed, and the JSON writer they share. In the
 * application's {@code run}:
 *
 * <pre>{@code
 * AlertStore store = AlertStore.open(indexDir);
 * AlertFeed feed = new AlertFeed();
 * environment.lifecycle().manage(new AutoCloseableManager(store));
 * environment.lifecycle().addEventListener(feed); // closes open streams when the server stops
 * new AlertApi(store, feed, triage, suppressions, audit).register(environment.jersey()); // each on its journal
 * AccessControl.create(tokens, config.auth, listener).register(environment); // every resource declares its role
 * new SecurityHeadersFilter().register(environment.servlets());
 * }</pre>
 *
 * Immutable; registers the same component instances each time it is asked.
 */
public final class AlertApi {
    private final List<Object> components;

    public AlertApi(AlertStore store, AlertFeed feed, TriageDesk triage, SuppressionDesk suppressions, AuditLog audit) {
        this(store, feed, triage, suppressions, audit, null);
    }

    /**
     * @param live clients' live state from the detection topology ({@code /client-state}, and
     *     {@code live} in {@code /clients}); null where this process runs no topology
     */
    public AlertApi(AlertStore store, AlertFeed feed, TriageDesk triage, SuppressionDesk suppressions, AuditLog audit,
            LiveProfiles live) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(triage, "triage");
        Objects.requireNonNull(suppressions, "suppressions");
        Objects.requireNonNull(audit, "audit");
        List<Object> c = new ArrayList<>(List.of(
                new AlertJsonWriter(),
                new AlertsResource(store, triage),
                new TriageResource(store, triage),
                new SuppressionsResource(suppressions),
                new AuditResource(audit),
                new AlertStreamResource(feed, store),
                new ClientsResource(store, live),
                new StatsResource(store),
                new ClustersResource(store),
                new OverviewResource(store, triage),
                new AlertExportResource(store, triage),
                new BulkTriageResource(store, triage)));
        if (live != null) {
            c.add(new ClientStateResource(live));
        }
        this.components = List.copyOf(c);
    }

    /** Registers every resource and provider, and Jersey's SSE support. */
    public void register(JerseyEnvironment jersey) {
        jersey.register(SseFeature.class);
        components.forEach(jersey::register);
    }

    /** The resource and provider instances, e.g. for {@code ResourceExtension.builder().addResource}. */
    public List<Object> components() {
        return components;
    }
}
