package dev.quarry.dashboard.api;

import dev.quarry.dashboard.audit.AuditLog;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.dashboard.journal.Journal;
import dev.quarry.dashboard.runtime.LiveProfiles;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.dashboard.suppression.SuppressionDesk;
import dev.quarry.dashboard.triage.TriageDesk;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.detectors.detector.DetectorRegistry;
import dev.quarry.detectors.suppression.Suppressions;
import io.dropwizard.testing.junit5.ResourceExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The API as the application wires it, for resource tests (the status route on a process that
 * runs no topology): a store in a temporary directory, the
 * feed, triage, suppressions and the audit log on in-memory journals, and access control with a token per role
 * ({@link TestTokens}). Close it after each test.
 */
public final class TestApi implements AutoCloseable {
    public final AlertStore store;
    public final AlertFeed feed = new AlertFeed();
    public final AuditLog audit = AuditLog.on(Journal.inMemory(), Clock.systemUTC(), Duration.ofDays(365));
    public final TriageDesk triage = TriageDesk.on(Journal.inMemory(), Clock.systemUTC(), audit);
    public final SuppressionDesk suppressions = SuppressionDesk.on(Journal.inMemory(), Clock.systemUTC(),
            Suppressions.detectorNames(DetectorRegistry.of(new DetectionConfig(), new WatermarkConfig())), audit);

    public TestApi(Path dir) throws IOException {
        store = AlertStore.open(dir);
    }

    /** Every resource and provider of the API and of access control, in-memory. */
    public ResourceExtension resources() {
        ResourceExtension.Builder builder = ResourceExtension.builder();
        new AlertApi(store, feed, triage, suppressions, audit, new LiveProfiles(null, "")).components().forEach(builder::addResource);
        builder.addResource(new StatusResource(PipelineStatus::noTopology));
        TestTokens.accessControl(audit).components().forEach(builder::addResource);
        return builder.build();
    }

    @Override
    public void close() throws IOException {
        feed.close();
        store.close();
    }
}
