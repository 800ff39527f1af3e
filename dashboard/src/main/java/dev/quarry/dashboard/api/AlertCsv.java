package dev.quarry.dashboard.api;

import dev.quarry.dashboard.triage.TriageState;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Subject;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Alerts as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma,
 * quote or line break), one row per alert with its triage state, for spreadsheets.
 *
 * <p>Alerts hold attacker-controlled text, and a spreadsheet runs a cell that starts with
 * {@code =}, {@code +}, {@code -} or {@code @} as a formula (as do some with a leading tab or
 * carriage return). Every such cell is written with a leading {@code '}, which spreadsheets show
 * as text; numbers are written by this class and never start with one of those characters except a
 * minus sign, which no count or score has. Stateless.
 */
final class AlertCsv {
    static final List<String> COLUMNS = List.of("alert_id", "version", "ts", "first_ts", "severity", "score",
            "subject_kind", "subject", "members", "detectors", "events_seen", "triage_status", "assignee", "summary");

    private AlertCsv() {}

    static void writeHeader(Writer out) throws IOException {
        row(out, COLUMNS);
    }

    static void write(Writer out, Alert alert, TriageState triage) throws IOException {
        Subject subject = alert.subject();
        row(out, List.of(
                alert.alertId(),
                Integer.toString(alert.version()),
                Instant.ofEpochMilli(alert.ts()).toString(),
                Instant.ofEpochMilli(alert.firstTs()).toString(),
                alert.severity().wireName(),
                Double.toString(alert.score()),
                subject.kind(),
                subject.key(),
                subject.members() == null ? "" : String.join(" ", subject.members()),
                alert.detectors().stream().map(AlertCsv::finding).collect(Collectors.joining("; ")),
                Long.toString(alert.eventsSeen()),
                triage.status().wireName(),
                triage.assignee() == null ? "" : triage.assignee(),
                alert.summary()));
    }

    /** A cell as written: neutralised against formulas, then quoted if needed. */
    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    private static String finding(DetectorFinding f) {
        return f.name() + " " + f.score();
    }

    private static void row(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }
}
