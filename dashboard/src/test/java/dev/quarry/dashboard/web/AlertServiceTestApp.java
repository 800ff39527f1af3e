package dev.quarry.dashboard.web;

import dev.quarry.dashboard.api.AlertApi;
import dev.quarry.dashboard.api.AlertFeed;
import dev.quarry.dashboard.api.ChartLibrary;
import dev.quarry.dashboard.api.SecurityHeadersFilter;
import dev.quarry.dashboard.audit.AuditLog;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.dashboard.journal.Journal;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.dashboard.suppression.SuppressionDesk;
import dev.quarry.dashboard.triage.TriageDesk;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.detectors.detector.DetectorRegistry;
import dev.quarry.detectors.suppression.Suppressions;
import dev.quarry.detectors.alert.Alert;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The alert service as the real application wires it (API under {@code /api/*}, the analyst page at
 * {@code /}, security headers everywhere, a token per role from {@link TestTokens}), without Kafka:
 * tests call {@link #publish} where the application would consume {@code quarry.alerts}.
 */
public class AlertServiceTestApp extends Application<AlertServiceTestConfiguration> {
    private volatile AlertStore store;
    private volatile AlertFeed feed;
    private volatile TriageDesk triage;
    private volatile AuditLog audit;
    private volatile SuppressionDesk suppressions;

    @Override
    public void initialize(Bootstrap<AlertServiceTestConfiguration> bootstrap) {
        bootstrap.addBundle(new AssetsBundle("/assets", "/", "index.html"));
        bootstrap.addBundle(ChartLibrary.bundle());
    }

    @Override
    public void run(AlertServiceTestConfiguration config, Environment environment) throws Exception {
        store = AlertStore.open(Path.of(config.getIndexDir()));
        feed = new AlertFeed();
        environment.lifecycle().manage(new AutoCloseableManager(store));
        environment.lifecycle().addEventListener(feed);
        audit = AuditLog.on(Journal.inMemory(), Clock.systemUTC(), Duration.ofDays(365));
        triage = TriageDesk.on(Journal.inMemory(), Clock.systemUTC(), audit);
        suppressions = SuppressionDesk.on(Journal.inMemory(), Clock.systemUTC(),
                Suppressions.detectorNames(DetectorRegistry.of(new DetectionConfig(), new WatermarkConfig())), audit);
        new AlertApi(store, feed, triage, suppressions, audit).register(environment.jersey());
        TestTokens.accessControl(audit).register(environment);
        new SecurityHeadersFilter().register(environment.servlets());
    }

    /** Stores the alert, then sends it to connected clients and to triage, as the application's consumer does. */
    public void publish(Alert alert) {
        store.put(alert);
        feed.publish(alert);
        triage.alertStored(alert);
    }

    public TriageDesk triage() {
        return triage;
    }

    public SuppressionDesk suppressions() {
        return suppressions;
    }

    public AuditLog audit() {
        return audit;
    }

    public AlertFeed feed() {
        return feed;
    }
}
