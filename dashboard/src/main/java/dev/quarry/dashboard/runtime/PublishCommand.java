package dev.quarry.dashboard.runtime;

import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.ingest.DeadLetterJson;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.ParseResult;
import dev.quarry.ingest.RecordFormat;
import dev.quarry.ingest.RecordFormats;
import dev.quarry.ingest.ReplayRecord;
import dev.quarry.ingest.ReplaySource;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code quarry publish FILE... [--format ...] [--rate N] [--bootstrap HOST:PORT] [--config C]}:
 * publishes existing logs to the events topic of a running cluster, for a live server to
 * detect on, as a gateway would: keyed by {@code client_id}, timestamped with event time, with an
 * idempotent producer. The files are merged in event-time order as replay merges them. A contract
 * line goes as written (a bad one too: the topology dead-letters it, as it would a gateway's); a
 * converted format's event goes as its contract JSON, and its bad records straight to the
 * dead-letter topic with the format's reason. Records that are not inference calls are skipped
 * and counted. Exits non-zero when Kafka refused a record.
 */
public final class PublishCommand extends Command {

    public PublishCommand() {
        super("publish", "Publishes JSONL logs (plain or .gz, any supported format) to the events topic of a cluster");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("files").nargs("+").metavar("FILE").help("logs, JSON lines, plain or gzip");
        subparser.addArgument("--format").dest("format").setDefault(RecordFormats.AUTO)
                .choices(Stream.concat(Stream.of(RecordFormats.AUTO), RecordFormats.NAMES.stream()).toList())
                .help("the files' format, as for replay (docs/formats.md); default auto, detected per file");
        subparser.addArgument("--rate").dest("rate").type(Double.class)
                .help("events per second at most (default: as fast as Kafka takes them)");
        subparser.addArgument("--bootstrap", "--bootstrap-servers").dest("bootstrapServers").metavar("HOST:PORT")
                .help("the Kafka cluster; overrides kafka.bootstrapServers of --config");
        subparser.addArgument("--config").dest("config")
                .help("configuration YAML for the cluster's client settings (kafka.properties), the topic names "
                        + "and ingest.formats; default: the bundled one");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace ns) throws Exception {
        CommandLogging.quietKafka();
        QuarryConfiguration config = ReplayCommand.loadConfig(bootstrap, ns.getString("config"));
        if (ns.getString("bootstrapServers") != null) {
            config.kafka().bootstrapServers(ns.getString("bootstrapServers"));
        }
        if (config.kafka().embedded()) {
            throw new IllegalArgumentException("publish needs a running cluster: pass --bootstrap HOST:PORT "
                    + "(bin/quarry broker starts one) or a --config that names it");
        }
        List<Path> files = ns.<String>getList("files").stream().map(Path::of).toList();
        for (Path f : files) {
            if (!Files.isReadable(f)) {
                throw new IllegalArgumentException("cannot read " + f);
            }
        }
        Double rate = ns.get("rate");
        if (rate != null && !(rate > 0)) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        Summary s = publish(config, files, ns.getString("format"), rate == null ? 0 : rate, System.err);
        System.out.println(s.text());
        if (s.failures() > 0) {
            throw new IllegalStateException(s.failures() + " record(s) were not acknowledged by Kafka");
        }
    }

    /** What a publish did. */
    public record Summary(long records, long published, long deadLetters, long skipped, long failures, double seconds,
            List<String> formats) {
        String text() {
            return String.format("Published %,d record(s) from %s in %.1f s (%,.0f/s): %,d dead-lettered by their format, "
                    + "%,d skipped (not inference calls)", published, String.join(", ", formats), seconds,
                    seconds > 0 ? published / seconds : 0, deadLetters, skipped);
        }
    }

    /**
     * Publishes the files to the configuration's events topic.
     *
     * @param rate events per second at most; 0 for no limit
     */
    public static Summary publish(QuarryConfiguration config, List<Path> files, String format, double rate, PrintStream progress)
            throws Exception {
        RecordFormats registry = config.ingest().recordFormats(new EventParser(config.detection().deadLetterRawChars()));
        List<RecordFormat> formats = new ArrayList<>(files.size());
        for (Path f : files) {
            formats.add(RecordFormats.AUTO.equals(format) ? registry.detect(f) : registry.get(format));
        }
        KafkaClients clients = KafkaClients.of(config.kafka().bootstrapServers(), config.kafka());
        long start = System.nanoTime();
        long records = 0;
        long published = 0;
        long deadLetters = 0;
        long lastTs = 0;
        long lastReport = start;
        long skipped;
        long failures;
        try (EventPublisher events = new EventPublisher(clients, config.topics().events());
                EventPublisher dlq = new EventPublisher(clients, config.topics().deadLetters());
                ReplaySource source = new ReplaySource(files, formats)) {
            while (source.hasNext()) {
                ReplayRecord r = source.next();
                records++;
                if (r.result() instanceof ParseResult.Valid v) {
                    lastTs = v.event().tsMillis();
                    byte[] value = r.isContract() ? r.raw().getBytes(StandardCharsets.UTF_8) : EventJson.toBytes(v.event());
                    events.send(v.event().clientId(), value, lastTs, r.source());
                    published++;
                } else if (r.isContract()) {
                    events.send(null, r.raw().getBytes(StandardCharsets.UTF_8), lastTs, r.source());
                    published++;
                } else {
                    dlq.send(null, DeadLetterJson.toBytes(((ParseResult.Invalid) r.result()).deadLetter()), lastTs, r.source());
                    deadLetters++;
                }
                if (rate > 0) {
                    long due = start + (long) (published / rate * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    lastReport = System.nanoTime();
                    progress.printf("publish: %,d record(s) sent%n", published + deadLetters);
                }
            }
            events.flush();
            dlq.flush();
            skipped = source.skipped();
            failures = events.failures() + dlq.failures();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Summary(records, published, deadLetters, skipped, failures, seconds,
                formats.stream().map(RecordFormat::name).distinct().toList());
    }
}
