package dev.quarry.dashboard.runtime;

import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.spi.EmbeddedBrokerFactory;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.suppression.Suppressions;
import dev.quarry.ingest.ContractFormat;
import dev.quarry.ingest.RecordFormats;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code quarry replay FILE... [--format auto|contract|litellm|otlp-json|openai] [--alerts-out alerts.jsonl] [--dlq-out dead-letters.jsonl]
 * [--config config.yml] [--bootstrap-servers HOST:PORT] [--suppressions suppressions.json]}: offline
 * replay of JSONL logs (plain or gzip) through the live topology, on the cluster named by
 * {@code --bootstrap-servers} or the configuration, else in this process without a broker
 * ({@code kafka.replay.engine}).
 * It applies no suppressions unless {@code --suppressions} names a file with the JSON that
 * {@code GET /api/suppressions} returns.
 */
public final class ReplayCommand extends Command {
    /** The configuration used when none is given: embedded broker, default thresholds. */
    public static final String DEFAULT_CONFIG = "quarry-demo.yml";

    public ReplayCommand() {
        super("replay", "Replays JSONL event logs (plain or .gz) through the detection topology and writes the alerts");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("files").nargs("+").metavar("FILE").help("event logs, JSON lines, plain or gzip");
        subparser.addArgument("--format").dest("format").setDefault(RecordFormats.AUTO)
                .choices(Stream.concat(Stream.of(RecordFormats.AUTO), RecordFormats.NAMES.stream()).toList())
                .help("the files' format: contract (event contract v1), litellm (LiteLLM StandardLoggingPayload), "
                        + "otlp-json (one OTLP ExportTraceServiceRequest per line), openai (request/response pairs); "
                        + "default auto: detected per file from its first records (docs/formats.md)");
        subparser.addArgument("--alerts-out").dest("alertsOut").setDefault("alerts.jsonl")
                .help("where to write the alerts, one JSON object per line (default alerts.jsonl)");
        subparser.addArgument("--dlq-out").dest("dlqOut")
                .help("where to write dead letters (default dead-letters.jsonl beside the alerts file)");
        subparser.addArgument("--config").dest("config")
                .help("configuration YAML; default: the bundled one, with an embedded Kafka broker");
        subparser.addArgument("--bootstrap-servers").dest("bootstrapServers").metavar("HOST:PORT")
                .help("the Kafka cluster to replay on; overrides kafka.bootstrapServers");
        subparser.addArgument("--suppressions").dest("suppressions").metavar("FILE")
                .help("suppressions to apply, as GET /api/suppressions returns them (default: none)");
        QuarryServerCommand.addReferenceDirArgument(subparser);
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace ns) throws Exception {
        CommandLogging.quietKafka();
        QuarryConfiguration config = loadConfig(bootstrap, ns.getString("config"));
        QuarryServerCommand.applyReferenceDir(ns, config);
        if (ns.getString("bootstrapServers") != null) {
            config.kafka().bootstrapServers(ns.getString("bootstrapServers"));
        }
        boolean direct = config.kafka().replay().direct(!config.kafka().embedded());
        if (!direct && config.kafka().embedded() && EmbeddedBrokerFactory.installed().isEmpty()) {
            throw new IllegalArgumentException("no Kafka cluster to replay on: kafka.replay.engine is broker, "
                    + "kafka.bootstrapServers is empty and this class path has no embedded broker. Pass "
                    + "--bootstrap-servers HOST:PORT or a --config that names the cluster, or replay in process "
                    + "(kafka.replay.engine: auto or direct)");
        }
        List<Path> files = ns.<String>getList("files").stream().map(Path::of).toList();
        for (Path f : files) {
            if (!Files.isReadable(f)) {
                throw new IllegalArgumentException("cannot read " + f);
            }
        }
        Suppressions suppressions = ns.getString("suppressions") == null ? Suppressions.none()
                : Suppressions.readFile(Path.of(ns.getString("suppressions")));
        Path alertsOut = Path.of(ns.getString("alertsOut"));
        Path dlqOut = ns.getString("dlqOut") != null ? Path.of(ns.getString("dlqOut"))
                : alertsOut.toAbsolutePath().resolveSibling("dead-letters.jsonl");
        PrintStream out = System.out;
        out.printf("Replaying %d file(s) through the detection topology (%s)%n", files.size(),
                direct ? "in process, no broker" : config.kafka().embedded() ? "embedded Kafka broker"
                        : config.kafka().bootstrapServers());
        ReplayRun.Result r = new ReplayRun(config, System.err::println).run(files, suppressions, ns.getString("format"));
        write(alertsOut, r.alerts().stream().map(AlertJson::toJson).toList());
        write(dlqOut, r.deadLetters());
        out.println(summary(r, alertsOut, dlqOut));
    }

    /**
     * Loads a configuration file (or the bundled default) as the server would: env substitution,
     * unknown keys fail, every constraint is checked.
     */
    public static QuarryConfiguration loadConfig(Bootstrap<?> bootstrap, String path) throws Exception {
        return QuarryApplication.configurationFactory(bootstrap)
                .build(bootstrap.getConfigurationSourceProvider(), path == null ? DEFAULT_CONFIG : path);
    }

    static String summary(ReplayRun.Result r, Path alertsOut, Path dlqOut) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Replay finished in %.1f s%n", r.elapsed().toMillis() / 1000.0));
        if (r.formats().stream().anyMatch(f -> !ContractFormat.NAME.equals(f))) {
            sb.append(String.format("  formats           %s%n", String.join(", ", r.formats())));
            sb.append(String.format("  skipped           %,d (records that are not inference calls)%n", r.skipped()));
        }
        sb.append(String.format("  lines read        %,d (blank lines skipped: %,d, out of time order: %,d)%n",
                r.linesRead(), r.blankLines(), r.outOfOrder()));
        sb.append(String.format("  events valid      %,d (duplicates not counted again: %,d)%n", r.validEvents(), r.duplicates()));
        sb.append(String.format("  invalid           %,d -> %s%n", r.invalidRecords(), dlqOut));
        sb.append(String.format("  alerts            %,d (%,d versions) -> %s%n", r.finalAlerts().size(), r.alerts().size(), alertsOut));
        r.alertsBySeverity().forEach((s, n) -> sb.append(String.format("    %-9s %,d%n", s.wireName(), n)));
        sb.append(String.format("  throughput        %,.0f events/s%n", r.eventsPerSecond()));
        for (Alert a : r.finalAlerts()) {
            sb.append(String.format("  [%s] %s%n", a.severity().wireName(), a.summary()
                    .replaceAll("\\p{Cntrl}", "?")));
        }
        return sb.toString();
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        }
    }
}
