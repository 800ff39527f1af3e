package dev.quarry.corpora.bench;

import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.runtime.CommandLogging;
import dev.quarry.dashboard.runtime.QuarryServerCommand;
import dev.quarry.dashboard.runtime.ReplayCommand;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.privacy.Privacy;
import dev.quarry.detectors.watermark.WatermarkChecks;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code quarry bench [--clients 1000,10000,100000] [--events-per-client N] [--seed N]
 * [--warmup-events N] [--events FILE [--max-events N] [--rounds N]] [--config YAML]
 * [--reference-dir DIR] [--bootstrap HOST:PORT] [--out DIR]}: the throughput harness
 * ({@link BenchRun}). Prints the table and writes {@code bench.json} and {@code bench.md}. Takes
 * the Kafka Streams settings, detection settings, reference sets and privacy settings of
 * {@code --config} (the shipped {@code config.yml} gives the production figures), by default the
 * bundled configuration. {@code --bootstrap} runs on an outside broker, such as
 * {@code bin/quarry broker} pinned to another core, so that the CPU time measured is the
 * topology's alone; without it the broker is embedded and its CPU time is counted too.
 */
public final class BenchCommand extends Command {
    static final String DEFAULT_CLIENTS = "1000,10000,100000";
    static final int DEFAULT_EVENTS_PER_CLIENT = 3;
    static final int DEFAULT_WARMUP_EVENTS = 40_000;
    private final PrintStream out;

    public BenchCommand() {
        this(System.out);
    }

    public BenchCommand(PrintStream out) {
        super("bench", "Throughput and CPU per event: pass-through, no-detector and full topology");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--clients").dest("clients").setDefault(DEFAULT_CLIENTS).metavar("N,N,...")
                .help("client counts to run, comma-separated (default " + DEFAULT_CLIENTS + ")");
        subparser.addArgument("--events-per-client").dest("eventsPerClient").type(Integer.class)
                .setDefault(DEFAULT_EVENTS_PER_CLIENT).metavar("N").help("events of each client (default "
                        + DEFAULT_EVENTS_PER_CLIENT + ")");
        subparser.addArgument("--seed").dest("seed").type(Long.class).setDefault(42L).help("corpus seed");
        subparser.addArgument("--warmup-events").dest("warmupEvents").type(Integer.class)
                .setDefault(DEFAULT_WARMUP_EVENTS).metavar("N")
                .help("events of an unreported warm-up round before the first client count (default "
                        + DEFAULT_WARMUP_EVENTS + ", 0 for none)");
        subparser.addArgument("--events").dest("events").metavar("FILE")
                .help("a recorded corpus (JSONL, plain or .gz, e.g. from quarry generate) to run instead of the"
                        + " synthetic client counts: realistic clients, some with thousands of events");
        subparser.addArgument("--max-events").dest("maxEvents").type(Long.class).setDefault(Long.MAX_VALUE)
                .metavar("N").help("with --events: use at most the first N valid events");
        subparser.addArgument("--rounds").dest("rounds").type(Integer.class).setDefault(2).metavar("N")
                .help("with --events: rounds on the same corpus, each reported (default 2; the JIT is still"
                        + " compiling the full topology during the first)");
        subparser.addArgument("--config").dest("config").metavar("YAML")
                .help("configuration whose kafka, detection, reference and privacy settings the topologies use"
                        + " (its broker address is ignored); default: the bundled one. config.yml: production settings");
        subparser.addArgument("--bootstrap").dest("bootstrap").metavar("HOST:PORT")
                .help("an outside broker to run on, e.g. bin/quarry broker pinned to another core with taskset;"
                        + " default: an embedded broker, whose CPU time is then counted too");
        QuarryServerCommand.addReferenceDirArgument(subparser);
        subparser.addArgument("--out").dest("out").setDefault("bench-out").metavar("DIR")
                .help("where to write bench.json and bench.md (default bench-out)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace ns) throws Exception {
        CommandLogging.quietKafka();
        List<Integer> clients = parseClients(ns.getString("clients"));
        int perClient = ns.getInt("eventsPerClient");
        if (perClient < 1) {
            throw new IllegalArgumentException("--events-per-client must be >= 1");
        }
        QuarryConfiguration config = ReplayCommand.loadConfig(bootstrap, ns.getString("config"));
        QuarryServerCommand.applyReferenceDir(ns, config);
        QuarryTopology.Inputs inputs = new QuarryTopology.Inputs(config.kafka().partitions(), config.reference().open(config.kafka().stateDir()),
                WatermarkChecks.off()).withPrivacy(Privacy.of(config.privacy()));
        BenchRun run = new BenchRun(config.kafka(), config.detection(), inputs, ns.getString("bootstrap"),
                System.err::println);
        int warmup = Math.max(0, ns.getInt("warmupEvents"));
        BenchReport report;
        if (ns.getString("events") != null) {
            FileCorpus corpus = new FileCorpus(Path.of(ns.getString("events")), ns.getLong("maxEvents"));
            System.err.printf(Locale.ROOT, "%s: %,d valid events of %,d clients (%,d invalid lines skipped)%n",
                    ns.getString("events"), corpus.size(), corpus.clients(), corpus.invalidLines());
            report = run.run(corpus, ns.getInt("rounds"), ns.getLong("seed"), warmup);
        } else {
            report = run.run(clients, perClient, ns.getLong("seed"), warmup);
        }
        Path dir = Path.of(ns.getString("out"));
        report.write(dir);
        out.print(report.table());
        out.println("wrote " + dir.resolve(BenchReport.JSON_FILE).toAbsolutePath() + " and " + BenchReport.MARKDOWN_FILE);
        out.flush();
    }

    /** {@code "1000,100000"} to its counts, each at least one. */
    static List<Integer> parseClients(String value) {
        List<Integer> counts = new ArrayList<>();
        for (String part : value.split(",")) {
            String s = part.trim().replace("_", "");
            int n;
            try {
                n = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--clients takes comma-separated counts, got '" + part + "'", e);
            }
            if (n < 1) {
                throw new IllegalArgumentException("--clients counts must be >= 1, got " + n);
            }
            counts.add(n);
        }
        return counts;
    }

}
