package dev.quarry.dashboard.api;

import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.store.AlertQuery;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.dashboard.triage.TriageDesk;
import dev.quarry.dashboard.triage.TriageStatus;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Severity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code GET /overview?hours=N}: alerts per hour by severity over the last N hours of event time
 * (1 to {@value #MAX_HOURS}, default {@value #DEFAULT_HOURS}), the detectors behind them, alerts per
 * triage status, and the newest unassigned {@code high} and {@code critical} alerts, as
 * {@link Overview}. The window ends with the newest alert, not the wall clock: event time is the
 * traffic's, and replayed traffic can be old. Thread-safe.
 */
@RolesAllowed(Role.Names.VIEWER)
@Path("/overview")
@Produces(MediaType.APPLICATION_JSON)
public final class OverviewResource {
    static final int DEFAULT_HOURS = 48;
    static final int MAX_HOURS = 720;
    /** Most alerts of the window that are counted (the newest). */
    static final int MAX_WINDOW_ALERTS = 10_000;
    static final int TOP_DETECTORS = 10;
    static final int UNASSIGNED = 10;
    private static final long HOUR_MS = 3_600_000L;

    private final AlertStore store;
    private final TriageDesk triage;

    public OverviewResource(AlertStore store, TriageDesk triage) {
        this.store = Objects.requireNonNull(store, "store");
        this.triage = Objects.requireNonNull(triage, "triage");
    }

    @GET
    public Overview overview(@QueryParam("hours") String hoursParam) {
        int hours = QueryParams.integer("hours", hoursParam, DEFAULT_HOURS, 1, MAX_HOURS);
        List<Alert> newest = store.search(AlertQuery.recent(1)).items();
        long end = newest.isEmpty() ? 0 : Math.floorDiv(newest.get(0).ts(), HOUR_MS) * HOUR_MS + HOUR_MS;
        long start = end - hours * HOUR_MS;

        List<Alert> window = List.of();
        long windowTotal = 0;
        if (!newest.isEmpty()) {
            AlertQuery inWindow = AlertQuery.builder().fromTs(start).toTs(end).build();
            window = store.matching(inWindow, MAX_WINDOW_ALERTS);
            windowTotal = store.search(inWindow).total();
        }
        return new Overview(hours, end, perHour(window, start, hours), topDetectors(window), byTriage(),
                unassigned(), windowTotal, windowTotal > window.size());
    }

    private static List<Overview.HourCounts> perHour(List<Alert> window, long start, int hours) {
        long[][] counts = new long[hours][Severity.values().length];
        for (Alert alert : window) {
            int slot = (int) ((alert.ts() - start) / HOUR_MS);
            if (slot >= 0 && slot < hours) {
                counts[slot][alert.severity().ordinal()]++;
            }
        }
        List<Overview.HourCounts> result = new ArrayList<>(hours);
        for (int i = 0; i < hours; i++) {
            Map<String, Long> bySeverity = new LinkedHashMap<>();
            for (Severity s : Severity.values()) {
                bySeverity.put(s.wireName(), counts[i][s.ordinal()]);
            }
            result.add(new Overview.HourCounts(start + i * HOUR_MS, bySeverity));
        }
        return result;
    }

    private static List<Overview.DetectorCount> topDetectors(List<Alert> window) {
        Map<String, long[]> alerts = new LinkedHashMap<>();
        Map<String, Double> maxScore = new LinkedHashMap<>();
        for (Alert alert : window) {
            for (DetectorFinding f : alert.detectors()) {
                if (f.score() > 0) {
                    alerts.computeIfAbsent(f.name(), k -> new long[1])[0]++;
                    maxScore.merge(f.name(), f.score(), Math::max);
                }
            }
        }
        return alerts.entrySet().stream()
                .map(e -> new Overview.DetectorCount(e.getKey(), e.getValue()[0], maxScore.get(e.getKey())))
                .sorted(Comparator.comparingLong(Overview.DetectorCount::alerts).reversed()
                        .thenComparing(Overview.DetectorCount::name))
                .limit(TOP_DETECTORS)
                .toList();
    }

    private Map<String, Long> byTriage() {
        long total = store.countsBySeverity().values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> counts = new LinkedHashMap<>();
        long triaged = 0;
        for (TriageStatus status : TriageStatus.values()) {
            if (status != TriageStatus.NEW) {
                // Alerts triaged as new (reopened) are counted as new below, with the untriaged.
                long n = triage.alertIdsWith(EnumSet.of(status)).size();
                counts.put(status.wireName(), n);
                triaged += n;
            }
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        ordered.put(TriageStatus.NEW.wireName(), Math.max(0, total - triaged));
        ordered.putAll(counts);
        return ordered;
    }

    private List<TriagedAlert> unassigned() {
        Set<String> taken = new HashSet<>(triage.alertIdsAssigned());
        taken.addAll(triage.alertIdsWith(EnumSet.of(TriageStatus.RESOLVED, TriageStatus.FALSE_POSITIVE)));
        AlertQuery query = AlertQuery.builder().minSeverity(Severity.HIGH).excludeAlertIds(taken).limit(UNASSIGNED).build();
        return store.search(query).items().stream()
                .map(a -> new TriagedAlert(a, triage.stateOf(a.alertId())))
                .toList();
    }
}
