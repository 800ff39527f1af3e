package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.detector.DetectorSection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Everything the detection topology is tuned by; the {@code detection:} section of the YAML.
 * Every threshold has its documented default here and in docs/operations.md. Mutable bean bound
 * from YAML; every section is {@link Valid}, so validating the configuration checks each section's
 * constraints and reports them by YAML path ({@code quarry check} does that), and the shared prompt
 * signatures against what each section that reads them needs ({@link EnoughSignatureSlots}). Treat
 * as read-only once the topology is built.
 */
@EnoughSignatureSlots
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
    public Duration dedupHorizon = DEFAULT_DEDUP_HORIZON;
    /**
     * Characters of a bad record's raw text kept in its dead letter.
     * Default {@value #DEFAULT_DEAD_LETTER_RAW_CHARS}.
     */
    @Min(0)
    @JsonProperty
    public int deadLetterRawChars = DEFAULT_DEAD_LETTER_RAW_CHARS;
    /**
     * RocksDB state stores (default, survive restarts via local state and changelogs) or in-memory
     * ones (rebuilt from the changelog on restart; for tests and small replays).
     * Default {@value #DEFAULT_PERSISTENT_STORES}.
     */
    @JsonProperty
    public boolean persistentStores = DEFAULT_PERSISTENT_STORES;
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
    public int residentProfiles = DEFAULT_RESIDENT_PROFILES;
    @Valid
    @NotNull
    @JsonProperty
    public EncoderConfig encoders = new EncoderConfig();
    @Valid
    @NotNull
    @JsonProperty
    public SignatureConfig signatures = new SignatureConfig();
    @Valid
    @NotNull
    @JsonProperty
    public LogitBiasSweepConfig logitBiasSweep = new LogitBiasSweepConfig();
    @Valid
    @NotNull
    @JsonProperty
    public TemplatedQueryConfig templatedQueries = new TemplatedQueryConfig();
    @Valid
    @NotNull
    @JsonProperty
    public HydraConfig hydra = new HydraConfig();
    @Valid
    @NotNull
    @JsonProperty
    public DatasetSplitConfig datasetSplit = new DatasetSplitConfig();
    @Valid
    @NotNull
    @JsonProperty
    public BenchmarkHarvestingConfig benchmarkHarvesting = new BenchmarkHarvestingConfig();
    @Valid
    @NotNull
    @JsonProperty
    public QueryDistanceConfig queryDistance = new QueryDistanceConfig();
    @Valid
    @NotNull
    @JsonProperty
    public NearDuplicateConfig nearDuplicateQueries = new NearDuplicateConfig();
    @Valid
    @NotNull
    @JsonProperty
    public LogitBiasBisectionConfig logitBiasBisection = new LogitBiasBisectionConfig();
    @Valid
    @NotNull
    @JsonProperty
    public ReasoningTraceCoercionConfig reasoningTraceCoercion = new ReasoningTraceCoercionConfig();
    @Valid
    @NotNull
    @JsonProperty
    public AutomationCadenceConfig automationCadence = new AutomationCadenceConfig();
    @Valid
    @NotNull
    @JsonProperty
    public LaunchPivotConfig launchPivot = new LaunchPivotConfig();
    @Valid
    @NotNull
    @JsonProperty
    public CapabilityCoverageConfig capabilityCoverage = new CapabilityCoverageConfig();
    @Valid
    @NotNull
    @JsonProperty
    public BlendedTrafficConfig blendedTraffic = new BlendedTrafficConfig();
    @Valid
    @NotNull
    @JsonProperty
    public RewardHarvestingConfig rewardHarvesting = new RewardHarvestingConfig();
    @Valid
    @NotNull
    @JsonProperty
    public EmbeddingExtractionConfig embeddingExtraction = new EmbeddingExtractionConfig();
    @Valid
    @NotNull
    @JsonProperty
    public FusionConfig fusion = new FusionConfig();

    /**
     * The sections of the per-client detectors, in the order the detectors run: the
     * {@link dev.quarry.detectors.detector.DetectorRegistry} of this configuration. A new
     * detector's section is a field of this class and an entry here; {@code DetectorRegistryTest}
     * fails while a field of a {@link DetectorSection} type is missing from this list.
     */
    public List<DetectorSection<?>> detectorSections() {
        return List.of(logitBiasSweep, templatedQueries, benchmarkHarvesting, queryDistance, nearDuplicateQueries,
                logitBiasBisection, reasoningTraceCoercion, automationCadence, launchPivot, capabilityCoverage,
                blendedTraffic, rewardHarvesting, embeddingExtraction);
    }
}
