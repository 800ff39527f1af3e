package dev.quarry.corpora;

import dev.quarry.corpora.archetype.ArchetypeKind;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code quarry generate --out DIR [--seed N] [--hours H] [--start RFC3339] [--chat-users N]
 * [--classifier-apps N] [--batch-jobs N] [--extractors N] [--distillers N]}: writes a labelled
 * corpus ({@code events.jsonl.gz}, {@code labels.csv}) and prints what it wrote. The defaults are
 * {@link CorpusSpec#defaults()}. Holds no state between runs.
 */
public final class GenerateCommand extends Command {
    /** The command-line flag for each archetype's client count. */
    private static final Map<ArchetypeKind, String> COUNT_FLAGS = new EnumMap<>(Map.of(
            ArchetypeKind.CHAT_USER, "--chat-users",
            ArchetypeKind.CLASSIFIER_APP, "--classifier-apps",
            ArchetypeKind.BATCH_SUMMARISER, "--batch-jobs",
            ArchetypeKind.LOGIT_BIAS_EXTRACTOR, "--extractors",
            ArchetypeKind.TEMPLATED_DISTILLER, "--distillers"));

    private final PrintStream out;

    /** A command that reports on standard output. */
    public GenerateCommand() {
        this(System.out);
    }

    /** A command that reports on {@code out}. */
    public GenerateCommand(PrintStream out) {
        super("generate", "Generate a labelled traffic corpus (events.jsonl.gz + labels.csv)");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        CorpusSpec defaults = CorpusSpec.defaults();
        subparser.addArgument("--out").dest("out").required(true).metavar("DIR")
                .help("directory to write events.jsonl.gz and labels.csv into (created if missing)");
        subparser.addArgument("--seed").dest("seed").type(Long.class).setDefault(defaults.seed())
                .help("random seed; the same seed and options give the same corpus");
        subparser.addArgument("--hours").dest("hours").type(Double.class)
                .setDefault((double) defaults.duration().toMinutes() / 60).help("simulated hours of traffic");
        subparser.addArgument("--start").dest("start").setDefault(defaults.start().toString()).metavar("RFC3339")
                .help("event time of the first moment, e.g. 2026-11-16T12:00:00Z");
        for (Map.Entry<ArchetypeKind, String> flag : COUNT_FLAGS.entrySet()) {
            subparser.addArgument(flag.getValue()).dest(dest(flag.getKey())).type(Integer.class)
                    .choices(Arguments.range(0, 100_000)).setDefault(defaults.count(flag.getKey())).metavar("N")
                    .help("number of " + flag.getKey().wireName() + " clients");
        }
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        CorpusSpec spec = spec(namespace);
        Path dir = Path.of(namespace.getString("out"));
        long started = System.nanoTime();
        CorpusCounts counts = new CorpusWriter(dir).write(new TrafficGenerator(spec));
        double seconds = (System.nanoTime() - started) / 1e9;

        out.printf(Locale.ROOT, "Generated %,d events from %,d clients in %.1f s (seed %d, %s for %s)%n",
                counts.events(), counts.clients(), seconds, spec.seed(), spec.start(), spec.duration());
        for (ArchetypeKind kind : ArchetypeKind.values()) {
            out.printf(Locale.ROOT, "  %-22s %-7s %5d clients %,9d events%n", kind.wireName(),
                    kind.label().wireName(), counts.clientsByArchetype().getOrDefault(kind.wireName(), 0),
                    counts.eventsByArchetype().getOrDefault(kind.wireName(), 0L));
        }
        out.println("events: " + counts.eventsFile().toAbsolutePath());
        out.println("labels: " + counts.labelsFile().toAbsolutePath());
        out.flush();
    }

    /** The spec the parsed arguments describe. */
    static CorpusSpec spec(Namespace namespace) {
        CorpusSpec defaults = CorpusSpec.defaults();
        Long seed = namespace.getLong("seed");
        Double hours = namespace.getDouble("hours");
        String start = namespace.getString("start");
        CorpusSpec spec = defaults
                .withSeed(seed == null ? defaults.seed() : seed)
                .withStart(start == null ? defaults.start() : parseStart(start))
                .withDuration(hours == null ? defaults.duration() : hours(hours));
        for (ArchetypeKind kind : ArchetypeKind.values()) {
            Integer n = namespace.getInt(dest(kind));
            if (n != null) {
                spec = spec.withCount(kind, n);
            }
        }
        return spec;
    }

    private static Duration hours(double hours) {
        if (!(hours > 0) || hours > 24 * 366) {
            throw new IllegalArgumentException("--hours must be in (0, 8784], was " + hours);
        }
        return Duration.ofMillis(Math.round(hours * 3_600_000));
    }

    private static Instant parseStart(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--start must be an RFC 3339 time such as 2026-11-16T12:00:00Z, was "
                    + value, e);
        }
    }

    private static String dest(ArchetypeKind kind) {
        return COUNT_FLAGS.get(kind).substring(2).replace('-', '_');
    }
}
