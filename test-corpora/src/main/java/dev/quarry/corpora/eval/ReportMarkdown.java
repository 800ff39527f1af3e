package dev.quarry.corpora.eval;

import dev.quarry.detectors.alert.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code report.md}: the command, the overall figures, and one table per archetype. Stateless. */
public final class ReportMarkdown {
    private ReportMarkdown() {
    }

    public static void write(EvalReport report, Path file) throws IOException {
        Files.writeString(file, render(report), StandardCharsets.UTF_8);
    }

    public static String render(EvalReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Quarry evaluation\n\n```\n").append(r.command()).append("\n```\n\n");
        sb.append(String.format(Locale.ROOT, "%,d events from %,d labelled clients. Replay through the live path's topology "
                + "(engine as `kafka.replay.engine` says): %.1f s, %,.0f events/s. Baselines computed offline from the "
                + "events file in %.1f s.%n%n", r.events(), r.clients(), r.replaySeconds(), r.eventsPerSecond(),
                r.baselineSeconds()));
        if (r.silentClients() > 0) {
            sb.append(String.format(Locale.ROOT, "%,d more labelled clients sent no event in the file (their hours fall "
                    + "outside it) and are left out of every rate.%n%n", r.silentClients()));
        }
        sb.append("A client counts as detected by Quarry when the final severity of one of its alerts is `medium` or "
                + "higher (`low` is a watch list). Rates are per client: detection rate for attack archetypes, "
                + "false-positive rate for benign ones. Each baseline's threshold is the smallest whose benign FPR is "
                + "at most Quarry's FPR at `medium` on this corpus (with FPR 0: the threshold flagging no benign "
                + "client).\n\n");
        sb.append("## Overall\n\n| system | threshold | macro TPR | TPR | FPR | precision |\n|---|---|---|---|---|---|\n");
        row(sb, "Quarry", "severity >= medium", r.quarry());
        for (BaselineResult b : r.baselines()) {
            row(sb, b.name(), threshold(b), b.scorecard());
        }
        sb.append("\n## Quarry by severity threshold\n\n| flag at | macro TPR | TPR | FPR | precision |\n"
                + "|---|---|---|---|---|\n");
        for (Map.Entry<Severity, Scorecard> e : r.sweep().entrySet()) {
            Scorecard s = e.getValue();
            sb.append(String.format(Locale.ROOT, "| >= %s | %s | %s | %s | %s |%n", e.getKey().wireName(),
                    pct(s.macroTpr()), pct(s.tpr()), pct(s.fpr()), pct(s.precision())));
        }
        sb.append("\n## Per archetype\n\nRate, then median / p90 queries to detection and median time to detection "
                + "(event time from the client's first request), over the flagged clients.\n");
        for (ArchetypeScore q : r.quarry().archetypes().values()) {
            sb.append(String.format(Locale.ROOT, "%n### %s (%s, %d clients)%n%n", q.archetype(), q.label(), q.clients()));
            sb.append("| system | flagged | ").append(q.isAttack() ? "detection rate" : "false-positive rate")
                    .append(" | median queries | p90 queries | median time |\n|---|---|---|---|---|---|\n");
            archetypeRow(sb, "Quarry", q);
            for (BaselineResult b : r.baselines()) {
                archetypeRow(sb, b.name(), b.scorecard().archetypes().get(q.archetype()));
            }
        }
        sb.append("\n## Baselines\n\n");
        for (BaselineResult b : r.baselines()) {
            sb.append("- `").append(b.name()).append("`: ").append(b.description()).append(". Tuned threshold: ")
                    .append(threshold(b)).append(".\n");
        }
        sb.append("\nPlots: `roc.png` (TPR vs FPR), `time_to_detect_cdf.png`, `archetype_rates.png`.\n");
        return sb.toString();
    }

    static String threshold(BaselineResult b) {
        if (Double.isInfinite(b.threshold())) {
            return "none (flags nobody)";
        }
        return "score " + b.comparison() + " " + num(b.threshold());
    }

    private static void row(StringBuilder sb, String name, String threshold, Scorecard s) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", name, threshold, pct(s.macroTpr()),
                pct(s.tpr()), pct(s.fpr()), pct(s.precision())));
    }

    private static void archetypeRow(StringBuilder sb, String name, ArchetypeScore a) {
        sb.append(String.format(Locale.ROOT, "| %s | %d / %d | %s | %s | %s | %s |%n", name, a.flagged(), a.clients(),
                pct(a.rate()), num(a.medianQueriesToDetect()), num(a.p90QueriesToDetect()),
                seconds(a.medianSecondsToDetect())));
    }

    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f%%", 100 * v) : "n/a";
    }

    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.1f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    static String seconds(double s) {
        if (!Double.isFinite(s)) {
            return "-";
        }
        if (s < 120) {
            return String.format(Locale.ROOT, "%.0f s", s);
        }
        return s < 7200 ? String.format(Locale.ROOT, "%.1f min", s / 60) : String.format(Locale.ROOT, "%.1f h", s / 3600);
    }
}
