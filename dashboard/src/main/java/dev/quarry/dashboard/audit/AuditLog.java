package dev.quarry.dashboard.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.dashboard.auth.QuarryPrincipal;
import dev.quarry.dashboard.auth.SessionResource;
import dev.quarry.dashboard.journal.Journal;
import dev.quarry.dashboard.suppression.SuppressionDesk;
import dev.quarry.dashboard.triage.TriageDesk;
import dev.quarry.dashboard.triage.TriageState;
import dev.quarry.detectors.suppression.Suppression;
import java.time.Instant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The alert service's audit log: who triaged an alert, made or deleted a suppression, signed in or
 * signed out, and what the
 * service did itself (reopening an escalated alert, as {@code system}). Kept in a {@link Journal}
 * (on Kafka, the append-only topic {@code quarry.audit}, deleted after {@code kafka.auditRetention}),
 * which every instance reads whole at start-up, so every instance lists every instance's entries.
 * Entries older than the retention are also dropped from memory.
 *
 * <p>An entry is listed once it is read back from the journal, in the journal's order; the page
 * lists them newest first. It is also the {@link TriageDesk.Listener}, the
 * {@link SuppressionDesk.Listener} and the {@link SessionResource.SignInListener} that record those
 * changes. Thread-safe.
 */
public final class AuditLog implements TriageDesk.Listener, SuppressionDesk.Listener, SessionResource.SignInListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The target of sign-in and sign-out entries. */
    public static final String SESSION = "session";

    private final Journal journal;
    private final Clock clock;
    private final Duration retention;
    /** Oldest first, as read; guarded by itself. */
    private final List<AuditEntry> entries = new ArrayList<>();

    private AuditLog(Journal journal, Clock clock, Duration retention) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    /** An audit log on {@code journal}; subscribes before the journal starts. */
    public static AuditLog on(Journal journal, Clock clock, Duration retention) {
        AuditLog log = new AuditLog(journal, clock, retention);
        journal.subscribe(log::read);
        return log;
    }

    /**
     * Writes an entry, stamped now; it is listed once this returns.
     *
     * @throws dev.quarry.dashboard.journal.JournalUnavailableException when the journal cannot take it
     */
    public void record(String actor, AuditAction action, String target, Map<String, String> detail) {
        AuditEntry entry = new AuditEntry(clock.millis(), actor, action, target, detail);
        try {
            journal.append(target, JSON.writeValueAsBytes(entry));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Entries newest first: {@code limit} of them after skipping {@code offset}. */
    public AuditPage page(int offset, int limit) {
        synchronized (entries) {
            dropExpired();
            int total = entries.size();
            List<AuditEntry> items = new ArrayList<>();
            for (int i = total - 1 - offset; i >= 0 && items.size() < limit; i--) {
                items.add(entries.get(i));
            }
            return new AuditPage(total, offset, limit, items);
        }
    }

    @Override
    public void changed(TriageDesk.Change change) {
        TriageState before = change.before();
        TriageState after = change.after();
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("status", after.status().wireName());
        detail.put("previous_status", before.status().wireName());
        if (!Objects.equals(before.assignee(), after.assignee())) {
            detail.put("assignee", after.assignee() == null ? "" : after.assignee());
        }
        int notesBefore = before.notes() == null ? 0 : before.notes().size();
        if (change.reason() != null) {
            detail.put("reason", change.reason());
        } else if (after.notes().size() > notesBefore) {
            detail.put("note", after.notes().get(after.notes().size() - 1).text());
        }
        record(after.updatedBy(), AuditAction.TRIAGE, after.alertId(), detail);
    }

    @Override
    public void created(Suppression s) {
        Map<String, String> detail = scope(s);
        detail.put("detectors", s.allDetectors() ? "all" : String.join(",", s.detectors()));
        if (!s.reason().isEmpty()) {
            detail.put("reason", s.reason());
        }
        if (s.expiresAt() != null) {
            detail.put("expires_at", Instant.ofEpochMilli(s.expiresAt()).toString());
        }
        record(s.createdBy(), AuditAction.SUPPRESS, s.id(), detail);
    }

    @Override
    public void deleted(Suppression s, String actor) {
        Map<String, String> detail = scope(s);
        detail.put("created_by", s.createdBy());
        record(actor, AuditAction.UNSUPPRESS, s.id(), detail);
    }

    private static Map<String, String> scope(Suppression s) {
        Map<String, String> detail = new LinkedHashMap<>();
        if (s.clientId() != null) {
            detail.put("client_id", s.clientId());
        } else {
            detail.put("org_id", s.orgId());
        }
        return detail;
    }

    @Override
    public void signedIn(QuarryPrincipal principal) {
        record(principal.name(), AuditAction.SIGN_IN, SESSION, Map.of("role", principal.role().wireName()));
    }

    @Override
    public void signedOut(QuarryPrincipal principal) {
        record(principal.name(), AuditAction.SIGN_OUT, SESSION, Map.of("role", principal.role().wireName()));
    }

    private void read(String key, byte[] value) {
        if (value == null) {
            return;
        }
        AuditEntry entry;
        try {
            entry = JSON.readValue(value, AuditEntry.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable audit entry of " + key, e);
        }
        synchronized (entries) {
            entries.add(entry);
            dropExpired();
        }
    }

    /** Entries past the retention go; the oldest come first, so this stops at the first kept. */
    private void dropExpired() {
        long oldest = clock.millis() - retention.toMillis();
        int expired = 0;
        while (expired < entries.size() && entries.get(expired).ts() < oldest) {
            expired++;
        }
        if (expired > 0) {
            entries.subList(0, expired).clear();
        }
    }
}
