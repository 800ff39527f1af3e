package dev.quarry.corpora.eval;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which clients Quarry flagged at a severity threshold, read from every published alert version
 * (as {@code ReplayRun} returns them). A client is flagged at threshold {@code s} when the final
 * version of one of its alerts has severity {@code >= s}; it was flagged at the first version
 * (in event time) reaching {@code s}: queries to detection are that version's {@code events_seen},
 * time to detection its {@code ts} minus the client's first event. A cluster alert flags each of
 * its members. Immutable once built.
 */
public final class QuarryDetections {
    private final Map<String, Severity> finalSeverity = new HashMap<>();
    private final Map<String, List<Alert>> versionsByClient = new HashMap<>();
    private final Map<String, Long> firstEventTs;

    /**
     * @param alerts every published version of every alert
     * @param firstEventTs each client's first event time (epoch millis); a client missing here is
     *     timed from its alert's {@code first_ts}
     */
    public QuarryDetections(List<Alert> alerts, Map<String, Long> firstEventTs) {
        this.firstEventTs = Map.copyOf(firstEventTs);
        Map<String, Alert> last = new LinkedHashMap<>();
        for (Alert a : alerts) {
            last.merge(a.alertId(), a, (x, y) -> y.version() > x.version() ? y : x);
            for (String client : clients(a.subject())) {
                versionsByClient.computeIfAbsent(client, k -> new ArrayList<>()).add(a);
            }
        }
        for (Alert a : last.values()) {
            for (String client : clients(a.subject())) {
                finalSeverity.merge(client, a.severity(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
            }
        }
        Comparator<Alert> order = Comparator.comparingLong(Alert::ts).thenComparing(Alert::alertId)
                .thenComparingInt(Alert::version);
        versionsByClient.values().forEach(v -> v.sort(order));
    }

    /** The flagged clients at this threshold, with when each was first flagged at it. */
    public Map<String, ClientDetection> at(Severity threshold) {
        Map<String, ClientDetection> out = new LinkedHashMap<>();
        for (Map.Entry<String, Severity> e : finalSeverity.entrySet()) {
            if (e.getValue().compareTo(threshold) < 0) {
                continue;
            }
            for (Alert a : versionsByClient.get(e.getKey())) {
                if (a.severity().compareTo(threshold) >= 0) {
                    long first = firstEventTs.getOrDefault(e.getKey(), a.firstTs());
                    out.put(e.getKey(), new ClientDetection(Math.max(1, a.eventsSeen()), Math.max(0, a.ts() - first)));
                    break;
                }
            }
        }
        return out;
    }

    /** The highest final severity of the client's alerts, or null when it has none. */
    public Severity finalSeverity(String clientId) {
        return finalSeverity.get(clientId);
    }

    private static List<String> clients(Subject s) {
        if (Subject.CLIENT.equals(s.kind())) {
            return List.of(s.clientId());
        }
        return s.members() == null ? List.of() : s.members();
    }
}
