package dev.quarry.corpora.eval;

import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.runtime.CommandLogging;
import dev.quarry.dashboard.runtime.QuarryServerCommand;
import dev.quarry.dashboard.runtime.ReplayCommand;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code quarry eval --events FILE --labels labels.csv --out DIR [--config config.yml]
 * [--reference-dir DIR]}: runs a
 * labelled corpus through the real replay path, scores Quarry and the baselines per client and
 * writes {@code report.json}, {@code report.md} and PNG plots into {@code DIR}. Holds no state
 * between runs.
 */
public final class EvalCommand extends Command {
    /** The configuration used when none is given: embedded broker, default thresholds. */
    private final PrintStream out;

    public EvalCommand() {
        this(System.out);
    }

    public EvalCommand(PrintStream out) {
        super("eval", "Evaluate detection on a labelled corpus: Quarry (real replay) vs baselines; writes report.json, "
                + "report.md and plots");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--events").dest("events").required(true).metavar("FILE")
                .help("events file, contract v1 JSONL (plain or gzip), e.g. events.jsonl.gz from generate");
        subparser.addArgument("--labels").dest("labels").required(true).metavar("CSV")
                .help("ground truth: client_id,label,archetype,group");
        subparser.addArgument("--out").dest("out").required(true).metavar("DIR")
                .help("directory for report.json, report.md and the PNG plots (created if missing)");
        subparser.addArgument("--config").dest("config")
                .help("configuration YAML; default: the bundled one, with an embedded Kafka broker");
        // <corpus>/reference for a corpus generated without --text-source, ../shared/corpora for one with it.
        QuarryServerCommand.addReferenceDirArgument(subparser);
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace ns) throws Exception {
        System.setProperty("java.awt.headless", "true");
        CommandLogging.quietKafka();
        Path events = Path.of(ns.getString("events"));
        Path labels = Path.of(ns.getString("labels"));
        for (Path f : new Path[] {events, labels}) {
            if (!Files.isReadable(f)) {
                throw new IllegalArgumentException("cannot read " + f);
            }
        }
        Path dir = Path.of(ns.getString("out"));
        QuarryConfiguration config = ReplayCommand.loadConfig(bootstrap, ns.getString("config"));
        QuarryServerCommand.applyReferenceDir(ns, config);
        String command = "bin/quarry eval --events " + events + " --labels " + labels + " --out " + dir
                + (ns.getString("config") == null ? "" : " --config " + ns.getString("config"))
                + (config.reference().dir() == null || config.reference().dir().isBlank() ? "" : " --reference-dir " + config.reference().dir());
        long start = System.nanoTime();
        EvalReport r = new Evaluation(config, System.err::println).run(events, labels, dir, command);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "Evaluated %,d events from %,d clients in %.1f s (replay %,.0f events/s)%n", r.events(),
                r.clients(), seconds, r.eventsPerSecond());
        out.printf(Locale.ROOT, "  %-12s macro TPR %s  TPR %s  FPR %s  precision %s%n", "quarry",
                ReportMarkdown.pct(r.quarry().macroTpr()), ReportMarkdown.pct(r.quarry().tpr()),
                ReportMarkdown.pct(r.quarry().fpr()), ReportMarkdown.pct(r.quarry().precision()));
        for (BaselineResult b : r.baselines()) {
            out.printf(Locale.ROOT, "  %-12s macro TPR %s  TPR %s  FPR %s  precision %s  (%s)%n", b.name(),
                    ReportMarkdown.pct(b.scorecard().macroTpr()), ReportMarkdown.pct(b.scorecard().tpr()),
                    ReportMarkdown.pct(b.scorecard().fpr()), ReportMarkdown.pct(b.scorecard().precision()),
                    ReportMarkdown.threshold(b));
        }
        out.println("report: " + dir.resolve(Evaluation.REPORT_MD).toAbsolutePath());
        out.flush();
    }

}
