package dev.quarry.corpora;

import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.corpora.watermark.WatermarkedResponses;
import dev.quarry.detectors.config.WatermarkConfig;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import dev.quarry.corpora.source.PromptSource;
import dev.quarry.corpora.source.Sources;
import java.nio.file.Files;
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
 * {@code quarry generate --out DIR [--seed N] [--hours H] [--start RFC3339] [--clients N]
 * [--per-family N] [--text-source DIR] [--timing-source DIR] [--chat-users N] ... [--tutoring-platforms N]}:
 * writes a labelled corpus ({@code events.jsonl.gz}, {@code labels.csv}) and prints what it wrote.
 * The counts default to the {@link ClientMix} of {@value #DEFAULT_CLIENTS} clients with every
 * family raised to at least {@value #DEFAULT_PER_FAMILY}; {@code --clients N} takes the mix of N
 * clients instead; {@code --per-family N} raises every family to at least N clients (member
 * accounts, for the fleet families; {@link CorpusSpec#withAtLeast}); {@code --demo-mix} takes the
 * small demonstration mix of {@link CorpusSpec#defaults()} (chat users, a classifier app, batch
 * jobs, logit-bias extractors and templated distillers); a per-archetype flag overrides all of
 * these. Without
 * {@code --text-source} it also writes {@code reference/}, the built-in benchmark items the sweeps
 * drew ({@link BenchmarkBank}), for {@code eval --reference-dir}. With {@code --watermark-key HEX}
 * every text response is written by the seeded test language model with that green-list
 * watermark and carries {@code response.token_ids} ({@link WatermarkedResponses}); without it the
 * corpus is byte-for-byte what it was. Holds no state between runs.
 */
public final class GenerateCommand extends Command {
    /** Clients of the default mix. */
    static final int DEFAULT_CLIENTS = 300;
    /** Clients each family has at least in the default mix. */
    static final int DEFAULT_PER_FAMILY = 2;
    /** The command-line flag for each archetype's client count. */
    private static final Map<ArchetypeKind, String> COUNT_FLAGS = new EnumMap<>(Map.ofEntries(
            Map.entry(ArchetypeKind.CHAT_USER, "--chat-users"),
            Map.entry(ArchetypeKind.CLASSIFIER_APP, "--classifier-apps"),
            Map.entry(ArchetypeKind.BATCH_SUMMARISER, "--batch-jobs"),
            Map.entry(ArchetypeKind.LOGIT_BIAS_EXTRACTOR, "--extractors"),
            Map.entry(ArchetypeKind.TEMPLATED_DISTILLER, "--distillers"),
            Map.entry(ArchetypeKind.STUDENT, "--students"),
            Map.entry(ArchetypeKind.DEVELOPER, "--developers"),
            Map.entry(ArchetypeKind.EVALUATION_RUN, "--evaluation-runs"),
            Map.entry(ArchetypeKind.RAG_APPLICATION, "--rag-apps"),
            Map.entry(ArchetypeKind.EARLY_ADOPTER, "--early-adopters"),
            Map.entry(ArchetypeKind.REASONING_TRACE_HARVESTER, "--reasoning-harvesters"),
            Map.entry(ArchetypeKind.BENCHMARK_HARVESTER, "--benchmark-harvesters"),
            Map.entry(ArchetypeKind.CAPABILITY_DISTILLER, "--capability-distillers"),
            Map.entry(ArchetypeKind.LOGIT_BISECTION_EXTRACTOR, "--bisection-extractors"),
            Map.entry(ArchetypeKind.HYDRA_CLUSTER, "--hydra-accounts"),
            Map.entry(ArchetypeKind.RESELLER_PROXY, "--resellers"),
            Map.entry(ArchetypeKind.SLOW_AND_LOW, "--slow-and-low"),
            Map.entry(ArchetypeKind.ADAPTIVE_DISTILLER, "--adaptive-distillers"),
            Map.entry(ArchetypeKind.LAUNCH_PIVOT, "--launch-pivots"),
            Map.entry(ArchetypeKind.WATERMARK_ECHO, "--watermark-echoes"),
            Map.entry(ArchetypeKind.REWARD_HARVESTER, "--reward-harvesters"),
            Map.entry(ArchetypeKind.JUDGE_EVAL_TEAM, "--judge-eval-teams"),
            Map.entry(ArchetypeKind.EMBEDDING_EXTRACTOR, "--embedding-extractors"),
            Map.entry(ArchetypeKind.DOCUMENT_INDEXER, "--document-indexers"),
            Map.entry(ArchetypeKind.PERSONA_SYNTHESIZER, "--persona-synthesizers"),
            Map.entry(ArchetypeKind.DATASET_SPLIT_FLEET, "--dataset-split-accounts"),
            Map.entry(ArchetypeKind.CONTENT_GENERATION_PRODUCT, "--content-products"),
            Map.entry(ArchetypeKind.CODING_AGENT, "--coding-agents"),
            Map.entry(ArchetypeKind.SUPPORT_ASSISTANT, "--support-assistants"),
            Map.entry(ArchetypeKind.TRANSLATION_PIPELINE, "--translation-pipelines"),
            Map.entry(ArchetypeKind.DOCUMENT_EXTRACTION_ETL, "--extraction-etls"),
            Map.entry(ArchetypeKind.TUTORING_PLATFORM, "--tutoring-platforms"),
            Map.entry(ArchetypeKind.BENCHMARK_TRYOUT, "--benchmark-tryouts"),

            Map.entry(ArchetypeKind.INSTRUCTION_SYNTHESIZER, "--instruction-synthesizers"),
            Map.entry(ArchetypeKind.TEST_DATA_GENERATOR, "--test-data-generators"),
            Map.entry(ArchetypeKind.QUIZ_PRODUCT, "--quiz-products"),
            Map.entry(ArchetypeKind.CORPORATE_TEAM, "--corporate-teams"),
            Map.entry(ArchetypeKind.COMPANY_GATEWAY_KEY, "--gateway-keys")));
    private static final int MAX_CLIENTS = 1_000_000;

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
        subparser.addArgument("--format").dest("format").choices("contract", "litellm").setDefault("contract")
                .help("litellm also writes litellm.jsonl.gz: the same calls as a LiteLLM proxy would have logged them");
        subparser.addArgument("--seed").dest("seed").type(Long.class).setDefault(defaults.seed())
                .help("random seed; the same seed and options give the same corpus");
        subparser.addArgument("--hours").dest("hours").type(Double.class)
                .setDefault((double) defaults.duration().toMinutes() / 60).help("simulated hours of traffic");
        subparser.addArgument("--start").dest("start").setDefault(defaults.start().toString()).metavar("RFC3339")
                .help("event time of the first moment, e.g. 2026-11-16T12:00:00Z");
        subparser.addArgument("--clients").dest("clients").type(Integer.class)
                .choices(Arguments.range(1, MAX_CLIENTS)).metavar("N")
                .help("a realistic mix of N clients (about 4% attackers across every family); "
                        + "the per-archetype flags below override single counts");
        subparser.addArgument("--per-family").dest("per_family").type(Integer.class)
                .choices(Arguments.range(0, MAX_CLIENTS)).metavar("N")
                .help("raise every attack and every legitimate family to at least N clients on top of the "
                        + "--clients mix (for the fleet families, hydra_cluster and dataset_split_fleet, and for "
                        + "corporate_team, at least N member accounts in total; watermark_echo only with --watermark-key); per-archetype flags "
                        + "still override");
        subparser.addArgument("--demo-mix").dest("demo_mix").action(Arguments.storeTrue())
                .help("the small demonstration mix (chat users, a classifier app, batch jobs, two logit-bias "
                        + "extractors, two templated distillers) instead of the default mix of "
                        + DEFAULT_CLIENTS + " clients with every family");
        subparser.addArgument("--text-source").dest("text_source").metavar("DIR")
                .help("draw prompt text from public prompt sets laid out like shared/corpora (optional)");
        subparser.addArgument("--timing-source").dest("timing_source").metavar("DIR")
                .help("draw benign token lengths and gap shapes from the Azure and Mooncake traces (optional)");
        subparser.addArgument("--watermark-key").dest("watermark_key").metavar("HEX")
                .help("watermark every text response with this green-list key (1-16 hex digits) and log "
                        + "response.token_ids; needed for --watermark-echoes");
        subparser.addArgument("--watermark-delta").dest("watermark_delta").type(Double.class).setDefault(2.0)
                .help("logit bias of green tokens (Kirchenbauer et al. 2023); default 2.0");
        subparser.addArgument("--watermark-gamma").dest("watermark_gamma").type(Double.class).setDefault(0.25)
                .help("green fraction of the vocabulary; default 0.25, as watermark.gamma");
        for (Map.Entry<ArchetypeKind, String> flag : COUNT_FLAGS.entrySet()) {
            subparser.addArgument(flag.getValue()).dest(dest(flag.getKey())).type(Integer.class)
                    .choices(Arguments.range(0, MAX_CLIENTS)).metavar("N")
                    .help("number of " + flag.getKey().wireName() + " clients (default: "
                            + defaults.count(flag.getKey()) + ", or the --clients mix)");
        }
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        CorpusSpec spec = spec(namespace);
        Path dir = Path.of(namespace.getString("out"));
        long started = System.nanoTime();
        Sources sources = sources(namespace);
        BenchmarkBank bank = null;
        if (namespace.getString("text_source") == null) {
            bank = new BenchmarkBank();
            sources = new Sources(PromptSource.builtInRecording(bank::record), sources.timing());
        }
        sources = sources.withWatermark(watermark(namespace, spec));
        CorpusCounts counts = new CorpusWriter(dir).write(new TrafficGenerator(spec, sources));
        Path reference = bank == null ? null : bank.write(dir);
        double seconds = (System.nanoTime() - started) / 1e9;

        Runtime rt = Runtime.getRuntime();
        out.printf(Locale.ROOT, "Generated %,d events from %,d clients in %.1f s, %,.0f events/s "
                        + "(seed %d, %s for %s; heap in use at the end %,d MB of max %,d MB)%n",
                counts.events(), counts.clients(), seconds, counts.events() / Math.max(seconds, 1e-9), spec.seed(),
                spec.start(), spec.duration(), (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
        for (ArchetypeKind kind : ArchetypeKind.values()) {
            out.printf(Locale.ROOT, "  %-26s %-7s %,9d clients %,11d events%n", kind.wireName(),
                    kind.label().wireName(), counts.clientsByArchetype().getOrDefault(kind.wireName(), 0),
                    counts.eventsByArchetype().getOrDefault(kind.wireName(), 0L));
        }
        out.println("events: " + counts.eventsFile().toAbsolutePath());
        out.println("labels: " + counts.labelsFile().toAbsolutePath());
        if ("litellm".equals(namespace.getString("format"))) {
            Path litellm = dir.resolve("litellm.jsonl.gz");
            long n = dev.quarry.corpora.formats.LiteLlmPayloads.convert(counts.eventsFile(), litellm);
            out.printf(Locale.ROOT, "litellm: %s (%,d payloads)%n", litellm.toAbsolutePath(), n);
        }
        if (reference != null) {
            out.println("reference (built-in benchmark bank, for eval --reference-dir): " + reference.toAbsolutePath());
        }
        out.flush();
    }

    /** The spec the parsed arguments describe. */
    static CorpusSpec spec(Namespace namespace) {
        Integer clients = namespace.getInt("clients");
        boolean demo = Boolean.TRUE.equals(namespace.getBoolean("demo_mix"));
        CorpusSpec defaults = demo ? CorpusSpec.defaults()
                : CorpusSpec.mix(CorpusSpec.DEFAULT_SEED, clients == null ? DEFAULT_CLIENTS : clients);
        Long seed = namespace.getLong("seed");
        Double hours = namespace.getDouble("hours");
        String start = namespace.getString("start");
        CorpusSpec spec = defaults
                .withSeed(seed == null ? defaults.seed() : seed)
                .withStart(start == null ? defaults.start() : parseStart(start))
                .withDuration(hours == null ? defaults.duration() : hours(hours));
        Integer perFamily = namespace.getInt("per_family");
        if (perFamily == null && !demo && clients == null) {
            perFamily = DEFAULT_PER_FAMILY;
        }
        if (perFamily != null) {
            spec = spec.withAtLeast(perFamily, namespace.getString("watermark_key") != null);
        }
        for (ArchetypeKind kind : ArchetypeKind.values()) {
            Integer n = namespace.getInt(dest(kind));
            if (n != null) {
                spec = spec.withCount(kind, n);
            }
        }
        return spec;
    }

    /** The text and timing sources the arguments name; built-in when neither flag is given. */
    static Sources sources(Namespace namespace) {
        String text = namespace.getString("text_source");
        String timing = namespace.getString("timing_source");
        for (String dir : new String[] {text, timing}) {
            if (dir != null && !Files.isDirectory(Path.of(dir))) {
                throw new IllegalArgumentException("not a directory: " + dir);
            }
        }
        return Sources.of(text == null ? null : Path.of(text), timing == null ? null : Path.of(timing));
    }

    /** The watermarking provider the flags ask for, or null without {@code --watermark-key}. */
    static WatermarkedResponses watermark(Namespace namespace, CorpusSpec spec) {
        String hex = namespace.getString("watermark_key");
        if (hex == null) {
            if (spec.count(ArchetypeKind.WATERMARK_ECHO) > 0) {
                throw new IllegalArgumentException("--watermark-echoes needs --watermark-key");
            }
            return null;
        }
        WatermarkConfig config = new WatermarkConfig();
        config.key(hex);
        // secretKey() parses without echoing the key in its errors.
        return new WatermarkedResponses(config.secretKey(), namespace.getDouble("watermark_gamma"),
                namespace.getDouble("watermark_delta"), spec.seed());
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
