package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Everything the detection topology is tuned by; the {@code detection:} section of the YAML.
 * Every threshold has its documented default here and in docs/operations.md. Mutable bean bound from YAML;
 * treat as read-only once the topology is built.
 */
public class DetectionConfig {
    /** Events with an {@code event_id} seen within this much event time are not counted again. */
    @JsonProperty
    public Duration dedupHorizon = Duration.ofHours(24);
    /** Characters of a bad record's raw text kept in its dead letter. */
    @JsonProperty
    public int deadLetterRawChars = 4096;
    /**
     * RocksDB state stores (default, survive restarts via local state and changelogs) or in-memory
     * ones (rebuilt from the changelog on restart; for tests and small replays).
     */
    @JsonProperty
    public boolean persistentStores = true;
    /**
     * Client profiles kept decoded per stream task (one task per partition of the events topic),
     * least recently used first out; a changed one is written to the profile store once per
     * commit instead of on every event (see {@code ResidentProfileStore}). Measured heap per
     * client with every client resident: about 20 KB with a few events each, 64-90 KB with
     * thirty, so the default costs up to about 90 MB per task (about 1 GB with the 12 partitions of
     * {@code config.yml}). 0 turns the layer off: every event then decodes and re-encodes its
     * client's profile.
     */
    @JsonProperty
    public int residentProfiles = 1000;
    @JsonProperty
    public EncoderConfig encoders = new EncoderConfig();
    @JsonProperty
    public LogitBiasSweepConfig logitBiasSweep = new LogitBiasSweepConfig();
    @JsonProperty
    public TemplatedQueryConfig templatedQueries = new TemplatedQueryConfig();
    @JsonProperty
    public HydraConfig hydra = new HydraConfig();
    @JsonProperty
    public DatasetSplitConfig datasetSplit = new DatasetSplitConfig();
    @JsonProperty
    public BenchmarkHarvestingConfig benchmarkHarvesting = new BenchmarkHarvestingConfig();
    @JsonProperty
    public QueryDistanceConfig queryDistance = new QueryDistanceConfig();
    @JsonProperty
    public NearDuplicateConfig nearDuplicateQueries = new NearDuplicateConfig();
    @JsonProperty
    public LogitBiasBisectionConfig logitBiasBisection = new LogitBiasBisectionConfig();
    @JsonProperty
    public ReasoningTraceCoercionConfig reasoningTraceCoercion = new ReasoningTraceCoercionConfig();
    @JsonProperty
    public AutomationCadenceConfig automationCadence = new AutomationCadenceConfig();
    @JsonProperty
    public LaunchPivotConfig launchPivot = new LaunchPivotConfig();
    @JsonProperty
    public CapabilityCoverageConfig capabilityCoverage = new CapabilityCoverageConfig();
    @JsonProperty
    public BlendedTrafficConfig blendedTraffic = new BlendedTrafficConfig();
    @JsonProperty
    public RewardHarvestingConfig rewardHarvesting = new RewardHarvestingConfig();
    @JsonProperty
    public EmbeddingExtractionConfig embeddingExtraction = new EmbeddingExtractionConfig();
    @JsonProperty
    public FusionConfig fusion = new FusionConfig();
}
