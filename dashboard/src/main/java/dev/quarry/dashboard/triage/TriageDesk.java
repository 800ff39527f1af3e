package dev.quarry.dashboard.triage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.quarry.dashboard.auth.QuarryPrincipal;
import dev.quarry.dashboard.journal.Journal;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The triage state of every alert, kept in a {@link Journal} keyed by alert id (on Kafka, the
 * compacted topic {@code quarry.triage}): every alert-service instance reads it whole at start-up
 * and follows it, so all instances show the same state, and it outlives restarts.
 *
 * <p>A change is written to the journal and takes effect when it is read back, so the state
 * follows the journal's order. Each record holds the alert's whole triage state (notes included)
 * and the alert's severity when it was written: when an alert that was {@code resolved} or
 * {@code false_positive} is stored at a higher severity than that, it is reopened, back to
 * {@code new}, by {@code system}.
 *
 * <p>Thread-safe. Changes made in this instance are serialised; two instances changing one alert
 * at the same moment both write, and the later record wins whole (a note of the other can be lost).
 * Each instance reopens on its own, so an escalation can be reopened once per instance.
 */
public final class TriageDesk {
    private static final Logger LOG = LoggerFactory.getLogger(TriageDesk.class);
    /** Most notes an alert may have. */
    public static final int MAX_NOTES = 500;

    /** One record of the journal. */
    record Entry(@JsonProperty("state") TriageState state, @JsonProperty("alert_severity") Severity alertSeverity) {}

    /**
     * A change as it was made, for the audit log.
     *
     * @param before the state before, {@link TriageState#untriaged()} for a first triage
     * @param reason why the service made it, or null for an analyst's change
     */
    public record Change(TriageState before, TriageState after, String reason) {}

    /** Told of every change this instance makes, after it is written. */
    @FunctionalInterface
    public interface Listener {
        void changed(Change change);
    }

    private final Journal journal;
    private final Clock clock;
    private final Listener listener;
    private final Map<String, Entry> byAlert = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();

    private TriageDesk(Journal journal, Clock clock, Listener listener) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** A desk reading and writing {@code journal}; subscribes before the journal starts. */
    public static TriageDesk on(Journal journal, Clock clock, Listener listener) {
        TriageDesk desk = new TriageDesk(journal, clock, listener);
        journal.subscribe(desk::read);
        return desk;
    }

    /** A desk on {@code journal} with the system clock that tells nobody of its changes. */
    public static TriageDesk on(Journal journal) {
        return on(journal, Clock.systemUTC(), change -> {});
    }

    /** The alert's triage state; {@link TriageState#untriaged()} when nobody triaged it. */
    public TriageState stateOf(String alertId) {
        Entry entry = byAlert.get(alertId);
        return entry == null ? TriageState.untriaged() : entry.state();
    }

    /**
     * Applies an analyst's change to an alert and returns the new state, once written.
     *
     * @param alert the alert's current version (its severity is kept with the state)
     * @param actor the token name of the analyst
     * @throws IllegalArgumentException when the alert already has {@value #MAX_NOTES} notes
     * @throws dev.quarry.dashboard.journal.JournalUnavailableException when the journal cannot take it
     */
    public TriageState change(Alert alert, TriageChange.Valid change, String actor) {
        synchronized (writeLock) {
            TriageState before = stateOf(alert.alertId());
            List<TriageNote> notes = before.notes() == null ? new ArrayList<>() : new ArrayList<>(before.notes());
            long now = clock.millis();
            if (change.note() != null) {
                if (notes.size() >= MAX_NOTES) {
                    throw new IllegalArgumentException("note: the alert has " + MAX_NOTES + " notes, the most it may have");
                }
                notes.add(new TriageNote(now, actor, change.note()));
            }
            String assignee = change.assignee() == null ? before.assignee()
                    : change.assignee().isEmpty() ? null : change.assignee();
            TriageState after = new TriageState(alert.alertId(), change.status(), assignee, notes, now, actor);
            write(new Entry(after, alert.severity()));
            listener.changed(new Change(before, after, null));
            return after;
        }
    }

    /**
     * Called for every alert version the service stores: reopens a {@code resolved} or
     * {@code false_positive} alert whose severity rose above what it was when last triaged.
     *
     * @return the reopened state, or empty when nothing changed
     */
    public Optional<TriageState> alertStored(Alert alert) {
        if (!needsReopening(alert)) {
            return Optional.empty();
        }
        synchronized (writeLock) {
            if (!needsReopening(alert)) {
                return Optional.empty();
            }
            Entry entry = byAlert.get(alert.alertId());
            TriageState before = entry.state();
            long now = clock.millis();
            String reason = "reopened: severity rose from " + entry.alertSeverity().wireName() + " to "
                    + alert.severity().wireName() + " (version " + alert.version() + ")";
            List<TriageNote> notes = new ArrayList<>(before.notes());
            if (notes.size() >= MAX_NOTES) {
                notes.remove(0); // the reopening must be visible; the oldest note gives way
            }
            notes.add(new TriageNote(now, QuarryPrincipal.SYSTEM, reason));
            TriageState after = new TriageState(alert.alertId(), TriageStatus.NEW, before.assignee(), notes, now,
                    QuarryPrincipal.SYSTEM);
            write(new Entry(after, alert.severity()));
            LOG.info("Alert {} {}", alert.alertId(), reason);
            listener.changed(new Change(before, after, reason));
            return Optional.of(after);
        }
    }

    /** Ids of triaged alerts whose status is one of these (alerts nobody triaged are not listed). */
    public Set<String> alertIdsWith(Set<TriageStatus> statuses) {
        return byAlert.entrySet().stream().filter(e -> statuses.contains(e.getValue().state().status()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** Ids of alerts assigned to {@code assignee} (compared without case). */
    public Set<String> alertIdsAssignedTo(String assignee) {
        String wanted = assignee.trim().toLowerCase(Locale.ROOT);
        return byAlert.entrySet().stream()
                .filter(e -> e.getValue().state().assignee() != null
                        && e.getValue().state().assignee().toLowerCase(Locale.ROOT).equals(wanted))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** Ids of alerts assigned to anybody. */
    public Set<String> alertIdsAssigned() {
        return byAlert.entrySet().stream().filter(e -> e.getValue().state().assignee() != null)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private boolean needsReopening(Alert alert) {
        Entry entry = byAlert.get(alert.alertId());
        return entry != null && entry.state().status().isClosed() && alert.severity().compareTo(entry.alertSeverity()) > 0;
    }

    private void write(Entry entry) {
        try {
            journal.append(entry.state().alertId(), AlertJson.mapper().writeValueAsBytes(entry));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record of the journal, in the journal's order: the last record of an alert is its state. */
    private void read(String alertId, byte[] value) {
        if (value == null) {
            byAlert.remove(alertId);
            return;
        }
        try {
            byAlert.put(alertId, AlertJson.mapper().readValue(value, Entry.class));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable triage record of " + alertId, e);
        }
    }
}
