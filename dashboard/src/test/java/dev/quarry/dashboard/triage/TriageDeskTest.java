package dev.quarry.dashboard.triage;

import static dev.quarry.dashboard.store.AlertBuilder.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.dashboard.journal.Journal;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TriageDeskTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_795_000_000_000L), ZoneOffset.UTC);
    private final Journal journal = Journal.inMemory();
    private final List<TriageDesk.Change> changes = new ArrayList<>();
    private final TriageDesk desk = TriageDesk.on(journal, CLOCK, changes::add);
    private final Alert high = anAlert("a-1").severity(Severity.HIGH).build();

    @Test
    void anAlertNobodyTriagedIsNew() {
        assertEquals(TriageState.untriaged(), desk.stateOf("a-1"));
        assertEquals(TriageStatus.NEW, desk.stateOf("a-1").status());
    }

    @Test
    void aChangeSetsStatusAssigneeAndANoteByItsActor() {
        TriageState state = desk.change(high, change("investigating", "alice", "looks like a sweep"), "soc");

        assertEquals(new TriageState("a-1", TriageStatus.INVESTIGATING, "alice",
                List.of(new TriageNote(CLOCK.millis(), "soc", "looks like a sweep")), CLOCK.millis(), "soc"), state);
        assertEquals(state, desk.stateOf("a-1"));
        assertEquals(List.of(new TriageDesk.Change(TriageState.untriaged(), state, null)), changes);
    }

    @Test
    void notesAddUpAndAnAbsentAssigneeIsKeptAndAnEmptyOneRemoved() {
        desk.change(high, change("acknowledged", "alice", "first"), "soc");
        TriageState kept = desk.change(high, change("investigating", null, "second"), "bob");
        TriageState removed = desk.change(high, change("investigating", "", null), "bob");

        assertEquals("alice", kept.assignee());
        assertEquals(List.of("first", "second"), kept.notes().stream().map(TriageNote::text).toList());
        assertEquals(null, removed.assignee());
        assertEquals(2, removed.notes().size());
        assertEquals("bob", removed.updatedBy());
    }

    @Test
    void aResolvedAlertThatEscalatesIsReopenedBySystem() {
        desk.change(high, change("resolved", "alice", "benign batch job"), "soc");

        Optional<TriageState> reopened = desk.alertStored(anAlert("a-1").version(2).severity(Severity.CRITICAL).build());

        assertTrue(reopened.isPresent());
        assertEquals(TriageStatus.NEW, desk.stateOf("a-1").status());
        assertEquals("system", desk.stateOf("a-1").updatedBy());
        assertEquals("alice", desk.stateOf("a-1").assignee());
        assertEquals("reopened: severity rose from high to critical (version 2)",
                desk.stateOf("a-1").notes().get(1).text());
        assertEquals(TriageStatus.RESOLVED, changes.get(1).before().status());
        assertEquals(reopened.get(), changes.get(1).after());
    }

    @Test
    void aFalsePositiveIsReopenedOnlyAboveTheSeverityItWasMarkedAt() {
        desk.change(high, change("false_positive", null, null), "soc");

        assertEquals(Optional.empty(), desk.alertStored(anAlert("a-1").version(2).severity(Severity.HIGH).score(0.8).build()));
        assertEquals(Optional.empty(), desk.alertStored(anAlert("a-1").version(1).severity(Severity.MEDIUM).build()));
        assertEquals(TriageStatus.FALSE_POSITIVE, desk.stateOf("a-1").status());
        assertTrue(desk.alertStored(anAlert("a-1").version(3).severity(Severity.CRITICAL).build()).isPresent());
        assertEquals(Optional.empty(), desk.alertStored(anAlert("a-1").version(3).severity(Severity.CRITICAL).build()),
                "reopened once");
    }

    @Test
    void anOpenAlertThatEscalatesKeepsItsStatus() {
        desk.change(high, change("investigating", null, null), "soc");

        assertEquals(Optional.empty(), desk.alertStored(anAlert("a-1").version(2).severity(Severity.CRITICAL).build()));
        assertEquals(Optional.empty(), desk.alertStored(anAlert("untriaged").severity(Severity.CRITICAL).build()));
        assertEquals(TriageStatus.INVESTIGATING, desk.stateOf("a-1").status());
    }

    @Test
    void aDeskStartedLaterReadsTheSameStateFromTheJournal() {
        desk.change(high, change("acknowledged", "alice", "on it"), "soc");
        desk.change(anAlert("a-2").build(), change("resolved", null, null), "soc");

        TriageDesk restarted = TriageDesk.on(journal);

        assertEquals(desk.stateOf("a-1"), restarted.stateOf("a-1"));
        assertEquals(desk.stateOf("a-2"), restarted.stateOf("a-2"));
    }

    @Test
    void findsAlertsByStatusAndByAssigneeWithoutCase() {
        desk.change(high, change("acknowledged", "Alice", null), "soc");
        desk.change(anAlert("a-2").build(), change("resolved", "bob", null), "soc");
        desk.change(anAlert("a-3").build(), change("new", "alice", null), "soc");

        assertEquals(Set.of("a-1", "a-2"), desk.alertIdsWith(EnumSet.of(TriageStatus.ACKNOWLEDGED, TriageStatus.RESOLVED)));
        assertEquals(Set.of("a-3"), desk.alertIdsWith(EnumSet.of(TriageStatus.NEW)));
        assertEquals(Set.of("a-1", "a-3"), desk.alertIdsAssignedTo(" alice "));
    }

    @Test
    void refusesANoteBeyondTheMost() {
        for (int i = 0; i < TriageDesk.MAX_NOTES; i++) {
            desk.change(high, change("investigating", null, "note " + i), "soc");
        }

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> desk.change(high, change("investigating", null, "one more"), "soc"));
        assertTrue(e.getMessage().startsWith("note:"), e.getMessage());
    }

    @Test
    void validatesAChangeNamingTheFieldAtFault() {
        assertEquals("status: unknown status 'done', expected one of new, acknowledged, investigating, resolved, false_positive",
                assertThrows(IllegalArgumentException.class, () -> change("done", null, null)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> change(null, null, null)).getMessage()
                .startsWith("status: required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> change("new", "a\u0000b", null)).getMessage()
                .startsWith("assignee:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> change("new", null, "x".repeat(4001))).getMessage()
                .startsWith("note:"));
        assertEquals(TriageStatus.FALSE_POSITIVE, change("False_Positive", null, "  ").status());
        assertEquals(null, change("new", null, "  ").note());
    }

    private static TriageChange.Valid change(String status, String assignee, String note) {
        return new TriageChange(status, assignee, note).validated();
    }
}
