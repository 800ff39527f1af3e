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
    WATERMARK_ECHO(new WatermarkEcho()),
    REWARD_HARVESTER(new RewardHarvester()),
    JUDGE_EVAL_TEAM(new JudgeEvalTeam()),
    EMBEDDING_EXTRACTOR(new EmbeddingExtractor()),
    DOCUMENT_INDEXER(new DocumentIndexer()),
    PERSONA_SYNTHESIZER(new PersonaSynthesizer()),
    DATASET_SPLIT_FLEET(new DatasetSplitFleet()),
    CONTENT_GENERATION_PRODUCT(new ContentGenerationProduct()),
    CODING_AGENT(new CodingAgent()),
    SUPPORT_ASSISTANT(new SupportAssistant()),
    TRANSLATION_PIPELINE(new TranslationPipeline()),
    DOCUMENT_EXTRACTION_ETL(new DocumentExtractionEtl()),
    TUTORING_PLATFORM(new TutoringPlatform()),
    BENCHMARK_TRYOUT(new BenchmarkTryout()),

    INSTRUCTION_SYNTHESIZER(new InstructionSynthesizer()),
    TEST_DATA_GENERATOR(new TestDataGenerator()),
    QUIZ_PRODUCT(new QuizProduct()),
    CORPORATE_TEAM(new CorporateTeam()),
    COMPANY_GATEWAY_KEY(new CompanyGatewayKey());

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

    /**
     * Whether clients of this kind work as coordinated fleets of many accounts, so that a count of
     * this kind is a count of member accounts.
     */
    public boolean isFleet() {
        return this == HYDRA_CLUSTER || this == DATASET_SPLIT_FLEET;
    }

    /** Whether this kind is only generated when asked for (it needs {@code --watermark-key}). */
    public boolean isOptIn() {
        return this == WATERMARK_ECHO;
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
