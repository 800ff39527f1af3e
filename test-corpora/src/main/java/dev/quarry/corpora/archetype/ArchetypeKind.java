package dev.quarry.corpora.archetype;

import java.util.Optional;

/**
 * The archetypes the generator knows, in the order clients are numbered (which fixes the output
 * of a seed, so new archetypes go at the end).
 */
public enum ArchetypeKind {
    CHAT_USER(new ChatUser()),
    CLASSIFIER_APP(new ClassifierApp()),
    BATCH_SUMMARISER(new BatchSummariser()),
    LOGIT_BIAS_EXTRACTOR(new LogitBiasExtractor()),
    TEMPLATED_DISTILLER(new TemplatedDistiller()),
    STUDENT(new Student()),
    DEVELOPER(new Developer()),
    EVALUATION_RUN(new EvaluationRun()),
    RAG_APPLICATION(new RagApplication()),
    EARLY_ADOPTER(new EarlyAdopter()),
    REASONING_TRACE_HARVESTER(new ReasoningTraceHarvester()),
    BENCHMARK_HARVESTER(new BenchmarkHarvester()),
    CAPABILITY_DISTILLER(new CapabilityDistiller()),
    LOGIT_BISECTION_EXTRACTOR(new LogitBisectionExtractor()),
    HYDRA_CLUSTER(new HydraCluster()),
    RESELLER_PROXY(new ResellerProxy()),
    SLOW_AND_LOW(new SlowAndLow()),
    ADAPTIVE_DISTILLER(new AdaptiveDistiller()),
    LAUNCH_PIVOT(new LaunchPivot()),
    /** Opt-in: generated only with {@code generate --watermark-key}; not in the {@code --clients} mix. */
    WATERMARK_ECHO(new WatermarkEcho());

    private final Archetype archetype;

    ArchetypeKind(Archetype archetype) {
        this.archetype = archetype;
    }

    /** The behaviour behind this kind. */
    public Archetype archetype() {
        return archetype;
    }

    /** The name used in {@code labels.csv} and on the command line, e.g. {@code chat_user}. */
    public String wireName() {
        return archetype.name();
    }

    /** Benign or attack. */
    public Label label() {
        return archetype.label();
    }

    /** The kind with this wire name, or empty. */
    public static Optional<ArchetypeKind> fromWireName(String name) {
        for (ArchetypeKind k : values()) {
            if (k.wireName().equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
