package dev.quarry.dashboard.audit;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.dashboard.auth.QuarryPrincipal;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.journal.Journal;
import dev.quarry.dashboard.triage.TriageChange;
import dev.quarry.dashboard.triage.TriageDesk;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.dashboard.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditLogTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-20T08:00:00Z"));
    private final Journal journal = Journal.inMemory();
    private final AuditLog audit = AuditLog.on(journal, clock, Duration.ofDays(30));
    private final TriageDesk desk = TriageDesk.on(Journal.inMemory(), clock, audit);
    private final Alert alert = anAlert("a-1").severity(Severity.HIGH).build();

    @Test
    void recordsTriageChangesByTheirActorNewestFirst() {
        desk.change(alert, new TriageChange("investigating", "alice", "looks like a sweep").validated(), "soc");
        clock.now = clock.now.plusSeconds(60);
        desk.change(alert, new TriageChange("resolved", null, null).validated(), "lead");

        AuditPage page = audit.page(0, 50);

        assertEquals(2, page.total());
        assertEquals(new AuditEntry(clock.millis(), "lead", AuditAction.TRIAGE, "a-1",
                Map.of("status", "resolved", "previous_status", "investigating")), page.items().get(0));
        assertEquals(new AuditEntry(clock.millis() - 60_000, "soc", AuditAction.TRIAGE, "a-1",
                Map.of("status", "investigating", "previous_status", "new", "assignee", "alice",
                        "note", "looks like a sweep")), page.items().get(1));
    }

    @Test
    void recordsAReopeningBySystemWithItsReason() {
        desk.change(alert, new TriageChange("false_positive", null, null).validated(), "soc");
        desk.alertStored(anAlert("a-1").version(2).severity(Severity.CRITICAL).build());

        AuditEntry reopened = audit.page(0, 1).items().get(0);

        assertEquals("system", reopened.actor());
        assertEquals(AuditAction.TRIAGE, reopened.action());
        assertEquals(Map.of("status", "new", "previous_status", "false_positive",
                "reason", "reopened: severity rose from high to critical (version 2)"), reopened.detail());
    }

    @Test
    void recordsSignInAndSignOutWithTheRole() {
        audit.signedIn(new QuarryPrincipal("soc", Role.ANALYST));
        audit.signedOut(new QuarryPrincipal("soc", Role.ANALYST));

        List<AuditEntry> items = audit.page(0, 50).items();

        assertEquals(List.of(AuditAction.SIGN_OUT, AuditAction.SIGN_IN), items.stream().map(AuditEntry::action).toList());
        assertEquals("session", items.get(0).target());
        assertEquals(Map.of("role", "analyst"), items.get(1).detail());
    }

    @Test
    void pagesNewestFirstAndALaterLogReadsTheSameEntries() {
        for (int i = 0; i < 5; i++) {
            audit.record("soc", AuditAction.TRIAGE, "a-" + i, Map.of());
        }

        AuditPage page = audit.page(1, 2);

        assertEquals(5, page.total());
        assertEquals(List.of("a-3", "a-2"), page.items().stream().map(AuditEntry::target).toList());
        assertEquals(audit.page(0, 50), AuditLog.on(journal, clock, Duration.ofDays(30)).page(0, 50));
        assertEquals(List.of(), audit.page(5, 10).items());
    }

    @Test
    void dropsEntriesOlderThanTheRetention() {
        audit.record("soc", AuditAction.SIGN_IN, "session", Map.of());
        clock.now = clock.now.plus(Duration.ofDays(20));
        audit.record("soc", AuditAction.SIGN_OUT, "session", Map.of());
        clock.now = clock.now.plus(Duration.ofDays(11));

        assertEquals(List.of(AuditAction.SIGN_OUT), audit.page(0, 50).items().stream().map(AuditEntry::action).toList());
    }
}
