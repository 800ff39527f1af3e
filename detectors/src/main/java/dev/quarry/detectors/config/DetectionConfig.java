package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.DetectorSection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Everything the detection topology is tuned by; the {@code detection:} section of the YAML.
 * Every threshold has its documented default here and in docs/operations.md. Mutable bean bound
 * from YAML; every section is {@link Valid}, so validating the configuration checks each section's
 * constraints and reports them by YAML path ({@code quarry check} does that), and the shared prompt
 * signatures against what each section that reads them needs ({@link EnoughSignatureSlots}), and
 * the detectors {@code encoders.detectors} names against the registry ({@link KnownDetectors}).
 * Treat as read-only once the topology is built.
 */
@EnoughSignatureSlots
@KnownDetectors
public class DetectionConfig {
    public static final Duration DEFAULT_DEDUP_HORIZON = Duration.ofHours(24);
    public static final int DEFAULT_DEAD_LETTER_RAW_CHARS = 4096;
    public static final boolean DEFAULT_PERSISTENT_STORES = true;
    public static final int DEFAULT_RESIDENT_PROFILES = 1000;

    /**
     * Events with an {@code event_id} seen within this much event time are not counted again.
     * Default {@code PT24H}.
     */
    @NotNull
    @DurationMin(millis = 1, message = "must be a positive duration")
    @JsonProperty
    private Duration dedupHorizon = DEFAULT_DEDUP_HORIZON;
    /**
     * Characters of a bad record's raw text kept in its dead letter.
     * Default {@value #DEFAULT_DEAD_LETTER_RAW_CHARS}.
     */
    @Min(0)
    @JsonProperty
    private int deadLetterRawChars = DEFAULT_DEAD_LETTER_RAW_CHARS;
    /**
     * RocksDB state stores (default, survive restarts via local state and changelogs) or in-memory
     * ones (rebuilt from the changelog on restart; for tests and small replays).
     * Default {@value #DEFAULT_PERSISTENT_STORES}.
     */
    @JsonProperty
    private boolean persistentStores = DEFAULT_PERSISTENT_STORES;
    /**
     * Client profiles kept decoded per stream task (one task per partition of the events topic),
     * least recently used first out; a changed one is written to the profile store once per
     * commit instead of on every event (see {@code ResidentProfileStore}). Measured heap per
     * client with every client resident: about 20 KB with a few events each, 64-90 KB with
     * thirty, so the default costs up to about 90 MB per task (about 1 GB with the 12 partitions of
     * {@code config.yml}). 0 turns the layer off: every event then decodes and re-encodes its
     * client's profile.
     * Default {@value #DEFAULT_RESIDENT_PROFILES}.
     */
    @Min(0)
    @JsonProperty
    private int residentProfiles = DEFAULT_RESIDENT_PROFILES;
    @Valid
    @NotNull
    @JsonProperty
    private EncoderConfig encoders = new EncoderConfig();
    @Valid
    @NotNull
    @JsonProperty
    private SignatureConfig signatures = new SignatureConfig();
    @Valid
    @NotNull
    @JsonProperty
    private LogitBiasSweepConfig logitBiasSweep = new LogitBiasSweepConfig();
    @Valid
    @NotNull
    @JsonProperty
    private TemplatedQueryConfig templatedQueries = new TemplatedQueryConfig();
    @Valid
    @NotNull
    @JsonProperty
    private HydraConfig hydra = new HydraConfig();
    @Valid
    @NotNull
    @JsonProperty
    private PeersConfig peers = new PeersConfig();
    @Valid
    @NotNull
    @JsonProperty
    private DatasetSplitConfig datasetSplit = new DatasetSplitConfig();
    @Valid
    @NotNull
    @JsonProperty
    private BenchmarkHarvestingConfig benchmarkHarvesting = new BenchmarkHarvestingConfig();
    @Valid
    @NotNull
    @JsonProperty
    private QueryDistanceConfig queryDistance = new QueryDistanceConfig();
    @Valid
    @NotNull
    @JsonProperty
    private NearDuplicateConfig nearDuplicateQueries = new NearDuplicateConfig();
    @Valid
    @NotNull
    @JsonProperty
    private LogitBiasBisectionConfig logitBiasBisection = new LogitBiasBisectionConfig();
    @Valid
    @NotNull
    @JsonProperty
    private ReasoningTraceCoercionConfig reasoningTraceCoercion = new ReasoningTraceCoercionConfig();
    @Valid
    @NotNull
    @JsonProperty
    private AutomationCadenceConfig automationCadence = new AutomationCadenceConfig();
    @Valid
    @NotNull
    @JsonProperty
    private LaunchPivotConfig launchPivot = new LaunchPivotConfig();
    @Valid
    @NotNull
    @JsonProperty
    private CapabilityCoverageConfig capabilityCoverage = new CapabilityCoverageConfig();
    @Valid
    @NotNull
    @JsonProperty
    private BlendedTrafficConfig blendedTraffic = new BlendedTrafficConfig();
    @Valid
    @NotNull
    @JsonProperty
    private RewardHarvestingConfig rewardHarvesting = new RewardHarvestingConfig();
    @Valid
    @NotNull
    @JsonProperty
    private SyntheticDataRequestsConfig syntheticDataRequests = new SyntheticDataRequestsConfig();
    @Valid
    @NotNull
    @JsonProperty
    private EmbeddingExtractionConfig embeddingExtraction = new EmbeddingExtractionConfig();
    @Valid
    @NotNull
    @JsonProperty
    private FusionConfig fusion = new FusionConfig();

    public Duration dedupHorizon() {
        return dedupHorizon;
    }

    public DetectionConfig dedupHorizon(Duration dedupHorizon) {
        this.dedupHorizon = dedupHorizon;
        return this;
    }

    public int deadLetterRawChars() {
        return deadLetterRawChars;
    }

    public DetectionConfig deadLetterRawChars(int deadLetterRawChars) {
        this.deadLetterRawChars = deadLetterRawChars;
        return this;
    }

    public boolean persistentStores() {
        return persistentStores;
    }

    public DetectionConfig persistentStores(boolean persistentStores) {
        this.persistentStores = persistentStores;
        return this;
    }

    public int residentProfiles() {
        return residentProfiles;
    }

    public DetectionConfig residentProfiles(int residentProfiles) {
        this.residentProfiles = residentProfiles;
        return this;
    }

    public EncoderConfig encoders() {
        return encoders;
    }

    public DetectionConfig encoders(EncoderConfig encoders) {
        this.encoders = encoders;
        return this;
    }

    public SignatureConfig signatures() {
        return signatures;
    }

    public DetectionConfig signatures(SignatureConfig signatures) {
        this.signatures = signatures;
        return this;
    }

    public LogitBiasSweepConfig logitBiasSweep() {
        return logitBiasSweep;
    }

    public DetectionConfig logitBiasSweep(LogitBiasSweepConfig logitBiasSweep) {
        this.logitBiasSweep = logitBiasSweep;
        return this;
    }

    public TemplatedQueryConfig templatedQueries() {
        return templatedQueries;
    }

    public DetectionConfig templatedQueries(TemplatedQueryConfig templatedQueries) {
        this.templatedQueries = templatedQueries;
        return this;
    }

    public HydraConfig hydra() {
        return hydra;
    }

    public DetectionConfig hydra(HydraConfig hydra) {
        this.hydra = hydra;
        return this;
    }

    public PeersConfig peers() {
        return peers;
    }

    public DetectionConfig peers(PeersConfig peers) {
        this.peers = peers;
        return this;
    }

    public DatasetSplitConfig datasetSplit() {
        return datasetSplit;
    }

    public DetectionConfig datasetSplit(DatasetSplitConfig datasetSplit) {
        this.datasetSplit = datasetSplit;
        return this;
    }

    public BenchmarkHarvestingConfig benchmarkHarvesting() {
        return benchmarkHarvesting;
    }

    public DetectionConfig benchmarkHarvesting(BenchmarkHarvestingConfig benchmarkHarvesting) {
        this.benchmarkHarvesting = benchmarkHarvesting;
        return this;
    }

    public QueryDistanceConfig queryDistance() {
        return queryDistance;
    }

    public DetectionConfig queryDistance(QueryDistanceConfig queryDistance) {
        this.queryDistance = queryDistance;
        return this;
    }

    public NearDuplicateConfig nearDuplicateQueries() {
        return nearDuplicateQueries;
    }

    public DetectionConfig nearDuplicateQueries(NearDuplicateConfig nearDuplicateQueries) {
        this.nearDuplicateQueries = nearDuplicateQueries;
        return this;
    }

    public LogitBiasBisectionConfig logitBiasBisection() {
        return logitBiasBisection;
    }

    public DetectionConfig logitBiasBisection(LogitBiasBisectionConfig logitBiasBisection) {
        this.logitBiasBisection = logitBiasBisection;
        return this;
    }

    public ReasoningTraceCoercionConfig reasoningTraceCoercion() {
        return reasoningTraceCoercion;
    }

    public DetectionConfig reasoningTraceCoercion(ReasoningTraceCoercionConfig reasoningTraceCoercion) {
        this.reasoningTraceCoercion = reasoningTraceCoercion;
        return this;
    }

    public AutomationCadenceConfig automationCadence() {
        return automationCadence;
    }

    public DetectionConfig automationCadence(AutomationCadenceConfig automationCadence) {
        this.automationCadence = automationCadence;
        return this;
    }

    public LaunchPivotConfig launchPivot() {
        return launchPivot;
    }

    public DetectionConfig launchPivot(LaunchPivotConfig launchPivot) {
        this.launchPivot = launchPivot;
        return this;
    }

    public CapabilityCoverageConfig capabilityCoverage() {
        return capabilityCoverage;
    }

    public DetectionConfig capabilityCoverage(CapabilityCoverageConfig capabilityCoverage) {
        this.capabilityCoverage = capabilityCoverage;
        return this;
    }

    public BlendedTrafficConfig blendedTraffic() {
        return blendedTraffic;
    }

    public DetectionConfig blendedTraffic(BlendedTrafficConfig blendedTraffic) {
        this.blendedTraffic = blendedTraffic;
        return this;
    }

    public RewardHarvestingConfig rewardHarvesting() {
        return rewardHarvesting;
    }

    public DetectionConfig rewardHarvesting(RewardHarvestingConfig rewardHarvesting) {
        this.rewardHarvesting = rewardHarvesting;
        return this;
    }

    public EmbeddingExtractionConfig embeddingExtraction() {
        return embeddingExtraction;
    }

    public DetectionConfig embeddingExtraction(EmbeddingExtractionConfig embeddingExtraction) {
        this.embeddingExtraction = embeddingExtraction;
        return this;
    }

    public FusionConfig fusion() {
        return fusion;
    }

    public DetectionConfig fusion(FusionConfig fusion) {
        this.fusion = fusion;
        return this;
    }

    public SyntheticDataRequestsConfig syntheticDataRequests() {
        return syntheticDataRequests;
    }

    public DetectionConfig syntheticDataRequests(SyntheticDataRequestsConfig syntheticDataRequests) {
        this.syntheticDataRequests = syntheticDataRequests;
        return this;
    }

    /**
     * The sections of the per-client detectors, in the order the detectors run: the
     * {@link dev.quarry.detectors.detector.DetectorRegistry} of this configuration. A new
     * detector's section is a field of this class and an entry here; {@code DetectorRegistryTest}
     * fails while a field of a {@link DetectorSection} type is missing from this list. Unmodifiable;
     * an entry is null only where a file set the section to null, which validation refuses.
     */
    public List<DetectorSection<?>> detectorSections() {
        return Collections.unmodifiableList(Arrays.asList(logitBiasSweep, templatedQueries, benchmarkHarvesting,
                queryDistance, nearDuplicateQueries, logitBiasBisection, reasoningTraceCoercion, automationCadence,
                launchPivot, capabilityCoverage, blendedTraffic, rewardHarvesting, embeddingExtraction,
                syntheticDataRequests));
    }
}
