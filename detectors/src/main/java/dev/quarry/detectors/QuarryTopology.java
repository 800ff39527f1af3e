package dev.quarry.detectors;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.detectors.detector.CapabilityCoverageDetector;
import dev.quarry.detectors.detector.Detector;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorRegistry;
import dev.quarry.detectors.detector.RequestDistillationScorer;
import dev.quarry.detectors.watermark.ResponseTokens;
import dev.quarry.detectors.watermark.WatermarkChecks;
import dev.quarry.detectors.watermark.WatermarkHealthProcessor;
import dev.quarry.detectors.encoder.TextEncoders;
import dev.quarry.detectors.fusion.AlertFusion;
import dev.quarry.detectors.cluster.ClusterMessage;
import dev.quarry.detectors.cluster.ClusterMessageSerde;
import dev.quarry.detectors.cluster.ClusterProcessor;
import dev.quarry.detectors.cluster.DatasetSplitDetector;
import dev.quarry.detectors.cluster.DatasetSplitProcessor;
import dev.quarry.detectors.cluster.FleetFusion;
import dev.quarry.detectors.cluster.HydraClusterDetector;
import dev.quarry.detectors.cluster.ClusterFeed;
import dev.quarry.detectors.cluster.ClusterMessageOrder;
import dev.quarry.detectors.cluster.OrderedMessage;
import dev.quarry.detectors.internals.ClientDetectionProcessor;
import dev.quarry.detectors.internals.ClientKeyCheck;
import dev.quarry.detectors.internals.RoutedEvent;
import dev.quarry.detectors.internals.ClientOutput;
import dev.quarry.detectors.internals.FormatParseProcessor;
import dev.quarry.detectors.internals.ParseProcessor;
import dev.quarry.detectors.internals.SuppressionUpdater;
import dev.quarry.detectors.internals.Tally;
import dev.quarry.detectors.privacy.Privacy;
import dev.quarry.detectors.state.ClientProfileSerde;
import dev.quarry.detectors.state.ResidentProfileStore;
import dev.quarry.detectors.peers.LivePeerStats;
import dev.quarry.detectors.peers.PeerContext;
import dev.quarry.detectors.peers.PeerStatisticsProcessor;
import dev.quarry.detectors.peers.PeerStatsUpdater;
import dev.quarry.detectors.suppression.LiveSuppressions;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.ingest.DeadLetter;
import dev.quarry.ingest.DeadLetterSerde;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceEventSerde;
import dev.quarry.ingest.ContractFormat;
import dev.quarry.ingest.ParseResult;
import dev.quarry.ingest.RecordFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds Quarry's Kafka Streams topology:
 *
 * <pre>
 *  quarry.events (raw bytes)
 *     -&gt; parse ──invalid──&gt; quarry.events.dlq (dead letter JSON, counted by reason code)
 *  other input topics (kafka.inputs), each in its format (LiteLLM, OTLP, OpenAI pairs)
 *     -&gt; parse-TOPIC ──invalid──&gt; quarry.events.dlq; not inference calls: skipped and counted
 *        │valid, timestamp = event time ──&gt; repartition "by-client-converted" ──&gt; client detection
 *        │valid, timestamp = event time
 *        -&gt; client id replaced by its HMAC (only with privacy.clientIdHmacSecret)
 *        -&gt; keyed and partitioned by client_id already? ──no──&gt; repartition "by-client"
 *        │yes (stays on its partition)                              │
 *        ├──────────────────────────────────────────────────────────┘
 *        -&gt; client detection [stores: client-profiles (recent ones kept decoded), seen-event-ids]
 *              dedup -&gt; profile -&gt; detectors -&gt; fusion
 *           ├─alerts──────────────────────────────────────────────&gt; quarry.alerts (alert JSON keyed by subject)
 *           ├─item claims (a prompt repeats a benchmark or instruction item; with reference sets)
 *           │    -&gt; repartition "by-reference-set" -&gt; dataset split [store: dataset-split]
 *           │         per set: clients' items, participants, disjoint-coverage test, fusion
 *           │    -&gt; quarry.alerts (split alert + dataset_split member alerts)
 *           └─link claims (once per client and link key), client summaries (every summaryEvery
 *             events / score change), attribute claims (once per client and tls/net/template attribute)
 *                -&gt; stamped with the partition and its stream time, plus that partition's
 *                   watermark every orderHeartbeat (and its end of input in a replay)
 *                -&gt; re-key to one constant key
 *                   -&gt; repartition "by-cluster" (1 partition)
 *                   -&gt; cluster order [store: cluster-order] held until every partition's
 *                        watermark has passed them, released in (stream time, client, arrival) order
 *                   -&gt; clusters [stores: cluster-nodes, cluster-links, link-keys] link keys (members
 *                        per key, capped; too-common keys stop linking), attribute counts, weak keys
 *                        weighed by them, union-find, pooled member stats, hydra scoring, fusion
 *                   -&gt; quarry.alerts (cluster alert + hydra_cluster member alerts)
 *
 *  every alert sink: counted by severity and detector, timed from its event, prompt text kept
 *  as privacy.prompts says
 *
 *  totals (PipelineTotals): each sub-topology that sends dead letters, processes events or
 *  publishes alerts counts them in a store of its own [stores: pipeline-totals-SIDE], in the
 *  transaction that writes them
 *
 *  peer samples (with detection.peers.enabled: a classified client's shape and quantities, every
 *  sampleEvery events) -&gt; one constant key -&gt; repartition "by-peers" (1 partition)
 *     -&gt; peer statistics [store: peer-samples] latest sample per client and hour; at each new
 *        event-time hour boundary one snapshot per shape (percentiles) -&gt; quarry.peer-stats
 *  quarry.peer-stats -&gt; global store [peer-stats], read whole by every instance -&gt; the peer
 *     statistics in force, which fusion consults for a client's alert (held at low when ordinary)
 *
 *  quarry.suppressions (compacted, keyed by suppression id)
 *     -&gt; global store [suppressions], read whole by every instance -&gt; the suppressions in force,
 *        which fusion consults for each event of the client step and each member alert
 *
 *  only with a watermark key (watermark.health.enabled), from the client step:
 *        -&gt; each deduplicated response with &gt;= minTokens token_ids -&gt; (model, event id, token ids)
 *        -&gt; repartition "by-model" -&gt; watermark health [store: watermark-health]
 *              queued, scored in micro-batches, tumbling windows of responses per model
 *        -&gt; quarry.alerts (endpoint alert: a model stopped watermarking)
 * </pre>
 *
 * The cluster side runs on a single partition (a union can join any two clients); it can afford
 * to because link claims are rare and summaries are one per {@code hydra.summaryEvery} client events. See
 * {@link ClusterProcessor} for how it would scale out. {@link #buildClientPart} and
 * {@link #buildSharedPart} cut the topology at the repartitions behind the client step, for an
 * engine in one process that runs the client step on several threads and the cross-client steps
 * once. Instances are immutable and thread-safe.
 */
public final class QuarryTopology implements AutoCloseable {
    public static final String PROFILE_STORE = "client-profiles";
    public static final String SEEN_STORE = "seen-event-ids";
    public static final String LINK_STORE = "link-keys";
    public static final String CLUSTER_STORE = "cluster-nodes";
    /** Messages the cluster side holds until every upstream partition has passed them, and the watermarks. */
    public static final String CLUSTER_ORDER_STORE = "cluster-order";
    /** Attribute counts and weak keys' waiting members on the cluster side. */
    public static final String CLUSTER_LINKS_STORE = "cluster-links";
    public static final String WATERMARK_HEALTH_STORE = "watermark-health";
    public static final String DATASET_SPLIT_STORE = "dataset-split";
    public static final String SUPPRESSION_STORE = "suppressions";
    /** Peer samples per client and hour on the peer-statistics side. */
    public static final String PEER_SAMPLES_STORE = "peer-samples";
    /** The global store of the peer statistics in force. */
    public static final String PEER_STATS_STORE = "peer-stats";
    /** The {@link PipelineTotals} stores, one per sub-topology that counts. */
    public static final String PARSE_TOTALS_STORE = PipelineTotals.storeName("parse");
    public static final String CONVERTED_TOTALS_STORE = PipelineTotals.storeName("converted");
    public static final String CLIENT_TOTALS_STORE = PipelineTotals.storeName("client");
    public static final String DATASET_SPLIT_TOTALS_STORE = PipelineTotals.storeName("dataset-split");
    public static final String CLUSTER_TOTALS_STORE = PipelineTotals.storeName("clusters");
    public static final String WATERMARK_HEALTH_TOTALS_STORE = PipelineTotals.storeName("watermark-health");
    /** The one key the cluster side runs under (its scale limit; see {@link ClusterProcessor}). */
    static final String CLUSTER_KEY = "clusters";
    /** The one key the peer-statistics side runs under: statistics are pooled over all clients. */
    static final String PEER_KEY = "peers";
    /**
     * Where the client part ({@link #buildClientPart}) writes what its full topology sends across a
     * repartition to a cross-client step, and where the shared part ({@link #buildSharedPart})
     * reads it: item claims keyed by reference set, peer samples, cluster messages (as
     * {@link ClusterMessage}s from the client part, as {@link OrderedMessage}s stamped by the
     * engine into the shared part) and response tokens keyed by model.
     */
    public static final String SPLIT_ITEM_CLAIMS = "client-part.item-claims";
    public static final String SPLIT_PEER_SAMPLES = "client-part.peer-samples";
    public static final String SPLIT_CLUSTER_MESSAGES = "client-part.cluster-messages";
    public static final String SPLIT_RESPONSE_TOKENS = "client-part.response-tokens";

    /** Which steps a build holds: all of them, or one side of the client/cross-client seam. */
    private enum Part {
        WHOLE, CLIENT, SHARED;

        boolean client() {
            return this != SHARED;
        }

        boolean shared() {
            return this != CLIENT;
        }
    }

    private final DetectionConfig config;
    private final TopicNames topics;
    private final DatasetSplitDetector datasetSplit;
    private final ReferenceLookup reference;
    private final PipelineCounters counters;
    private final List<Detector<?>> detectors;
    private final int eventsPartitions;
    private final TextEncoders encoders;
    private final HydraClusterDetector hydra;
    private final WatermarkChecks watermark;
    private final Privacy privacy;
    private final LiveSuppressions suppressions = new LiveSuppressions();
    private final LivePeerStats peerStats = new LivePeerStats();
    private final List<FormatInput> formatInputs;
    /** False for {@link #withoutDetectors}: no client detector, no cross-client side. */
    private final boolean detecting;

    /**
     * What the topology is built with besides its configuration: facts about the cluster and parts
     * built once at start-up, shared by every stream thread.
     *
     * @param eventsPartitions partition count of the events topic: events already keyed and
     *     partitioned by client id then skip the repartition (see {@link ClientKeyCheck}); 0 when
     *     unknown, and every event is repartitioned
     * @param reference public benchmark and instruction sets (it must be thread-safe, as
     *     {@link dev.quarry.fingerprint.reference.ReferenceIndex} is); without them
     *     {@code benchmark_harvesting} and the dataset-split side never fire
     * @param watermark the in-stream watermark checks ({@code watermark:} section): with them the
     *     {@code watermark_echo} detector joins the client detectors (when a tokenizer is set) and
     *     the watermark health branch is added; {@link WatermarkChecks#off()} leaves the topology
     *     as it is without them. The caller closes them when the streams stop.
     * @param privacy the {@code privacy:} section: with a secret, each valid event's client id is
     *     replaced by its HMAC right after parsing, before anything keys, stores or publishes it;
     *     the prompt setting applies to every alert published
     */
    public record Inputs(int eventsPartitions, ReferenceLookup reference, WatermarkChecks watermark,
            List<FormatInput> formatInputs, Privacy privacy) {
        public Inputs {
            if (eventsPartitions < 0) {
                throw new IllegalArgumentException("eventsPartitions must be >= 0: " + eventsPartitions);
            }
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(watermark, "watermark");
            formatInputs = List.copyOf(formatInputs);
            if (formatInputs.stream().map(FormatInput::topic).distinct().count() < formatInputs.size()) {
                throw new IllegalArgumentException("an input topic is listed twice: " + formatInputs);
            }
            Objects.requireNonNull(privacy, "privacy");
        }

        /** Reading only the events topic, in the contract format; client ids and prompt text kept as they come. */
        public Inputs(int eventsPartitions, ReferenceLookup reference, WatermarkChecks watermark) {
            this(eventsPartitions, reference, watermark, List.of(), Privacy.none());
        }

        /** Every event repartitioned, no reference sets, no watermark checks. */
        public static Inputs none() {
            return new Inputs(0, ReferenceLookup.none(), WatermarkChecks.off());
        }

        public Inputs withEventsPartitions(int eventsPartitions) {
            return new Inputs(eventsPartitions, reference, watermark, formatInputs, privacy);
        }

        public Inputs withReference(ReferenceLookup reference) {
            return new Inputs(eventsPartitions, reference, watermark, formatInputs, privacy);
        }

        public Inputs withWatermark(WatermarkChecks watermark) {
            return new Inputs(eventsPartitions, reference, watermark, formatInputs, privacy);
        }

        /**
         * The topics read and the format of each; empty (the default) reads the events topic in
         * the contract format. The events topic listed as {@code contract} keeps its in-place
         * route (see {@link ClientKeyCheck}); every other input goes through the "by-client-converted"
         * repartition.
         */
        public Inputs withFormatInputs(List<FormatInput> formatInputs) {
            return new Inputs(eventsPartitions, reference, watermark, formatInputs, privacy);
        }

        public Inputs withPrivacy(Privacy privacy) {
            return new Inputs(eventsPartitions, reference, watermark, formatInputs, privacy);
        }
    }

    /** An input topic and the format its records are in. */
    public record FormatInput(String topic, RecordFormat format) {
        public FormatInput {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(format, "format");
        }

        @Override
        public String toString() {
            return topic + " (" + format.name() + ")";
        }
    }

    /** A topology that repartitions every event and has no reference sets or watermark checks. */
    public QuarryTopology(DetectionConfig config, TopicNames topics, PipelineCounters counters) {
        this(config, topics, counters, Inputs.none());
    }

    public QuarryTopology(DetectionConfig config, TopicNames topics, PipelineCounters counters, Inputs inputs) {
        this(config, topics, counters, inputs, true);
    }

    /**
     * The same topology without detection: parsing, dead letters, the by-client route,
     * deduplication and the client profile store (each profile keeps its event counts), but no
     * client detector, no prompt features, no cluster or dataset-split side and no alerts. What
     * the exactly-once plumbing and the per-client state cost by themselves; the throughput bench
     * measures it beside the full topology.
     */
    public static QuarryTopology withoutDetectors(DetectionConfig config, TopicNames topics, PipelineCounters counters,
            Inputs inputs) {
        return new QuarryTopology(config, topics, counters, inputs, false);
    }

    private QuarryTopology(DetectionConfig config, TopicNames topics, PipelineCounters counters, Inputs inputs,
            boolean detecting) {
        this.detecting = detecting;
        ReferenceLookup reference = inputs.reference();
        WatermarkChecks watermark = inputs.watermark();
        this.eventsPartitions = inputs.eventsPartitions();
        this.formatInputs = inputs.formatInputs();
        this.config = config;
        this.topics = topics;
        this.counters = counters;
        this.watermark = watermark;
        this.privacy = inputs.privacy();
        this.encoders = new TextEncoders(config.encoders());
        try {
            DetectorContext context = new DetectorContext(config.signatures(), reference,
                    new RequestDistillationScorer(), watermark);
            WatermarkConfig watermarkConfig = watermark.configured() ? watermark.config() : new WatermarkConfig();
            this.detectors = detecting ? DetectorRegistry.of(config, watermarkConfig).create(context) : List.of();
            // The cluster side's pooled sweep ramps pace as the client detector does.
            CapabilityCoverageDetector coverage = detectors.stream().filter(d -> d instanceof CapabilityCoverageDetector)
                    .map(d -> (CapabilityCoverageDetector) d).findFirst().orElse(null);
            this.hydra = coverage == null ? new HydraClusterDetector(config.hydra())
                    : new HydraClusterDetector(config.hydra(), coverage::pace);
            this.datasetSplit = new DatasetSplitDetector(config.datasetSplit());
        } catch (RuntimeException e) {
            encoders.close();
            throw e;
        }
        this.reference = reference;
    }

    /**
     * The {@link PipelineTotals} stores of the topology {@link #build} makes, as this configuration
     * and these inputs shape it: sum them all for the totals.
     */
    public List<String> totalsStores() {
        return totalsStores(Part.WHOLE);
    }

    private List<String> totalsStores(Part part) {
        List<String> stores = new ArrayList<>();
        if (part.client()) {
            if (readsContractEvents()) {
                stores.add(PARSE_TOTALS_STORE);
            }
            if (formatInputs.stream().anyMatch(in -> !isContractEvents(in))) {
                stores.add(CONVERTED_TOTALS_STORE);
            }
            stores.add(CLIENT_TOTALS_STORE);
        }
        if (part.shared()) {
            if (splitting()) {
                stores.add(DATASET_SPLIT_TOTALS_STORE);
            }
            if (config.hydra().enabled()) {
                stores.add(CLUSTER_TOTALS_STORE);
            }
            if (watermark.healthActive()) {
                stores.add(WATERMARK_HEALTH_TOTALS_STORE);
            }
        }
        return List.copyOf(stores);
    }

    /** The client detectors of the {@link DetectorRegistry} active here, in the order they run. */
    public List<Detector<?>> detectors() {
        return detectors;
    }

    /**
     * The configured text encoders: the default one embeds every event's features, and a detector
     * with an override sees the semantic sample embedded with its own. Closed with the topology.
     */
    public TextEncoders encoders() {
        return encoders;
    }

    /**
     * The analysts' suppressions in force, as the running topology last read them from
     * {@link TopicNames#suppressions()}: empty until the streams start.
     */
    public LiveSuppressions suppressions() {
        return suppressions;
    }

    /**
     * The peer statistics in force, as the running topology last read them from
     * {@link TopicNames#peerStats()}: empty until the first event-time boundary is published.
     */
    public LivePeerStats peerStats() {
        return peerStats;
    }

    /**
     * Closes the text encoders (MiniLM holds an ONNX session in native memory). Call it after the
     * streams running this topology have stopped.
     */
    @Override
    public void close() {
        encoders.close();
    }

    /** The topology, its state stores each with a changelog topic. */
    public Topology build() {
        return build(true);
    }

    /**
     * The topology; with {@code changelogs} false its state stores keep no changelog topic, so
     * they cannot be restored: only for a run that starts from empty stores and is started again
     * from its input if it fails (an offline replay). Alerts do not depend on it.
     */
    public Topology build(boolean changelogs) {
        return build(changelogs, config.persistentStores(), config.residentProfiles(), true);
    }

    /**
     * The topology for an engine that runs it in one process, commits after every record and never
     * restores a store (Kafka's {@code TopologyTestDriver} in a one-shot replay): no changelogs,
     * state on the heap whatever {@code detection.persistentStores} says (RocksDB would write its
     * memtable to a file at every commit), and resident profiles written to their store only when
     * evicted, not at every commit (which would encode a profile per event). The processors are
     * those of {@link #build()}, and so are the alerts.
     *
     * @param residentProfiles client profiles kept decoded: the engine runs one task for all
     *     partitions, so this is the live path's {@code detection.residentProfiles} per task times
     *     its tasks for the same heap
     */
    public Topology buildInProcess(int residentProfiles) {
        return build(false, false, residentProfiles, false, Part.WHOLE, null);
    }

    /**
     * The per-client part of {@link #buildInProcess}, for an engine that runs several of them side
     * by side, each on a disjoint set of clients, and the cross-client steps once
     * ({@link #buildSharedPart}): parsing, dead letters, the client step and its alerts. What the
     * whole topology repartitions to a cross-client step goes instead to the output topics
     * {@link #SPLIT_ITEM_CLAIMS}, {@link #SPLIT_PEER_SAMPLES}, {@link #SPLIT_CLUSTER_MESSAGES} and
     * {@link #SPLIT_RESPONSE_TOKENS} (those of the steps that run), with the key, value and
     * timestamp the repartition would carry; cluster messages go unstamped (the engine stamps them
     * with the stream time of all parts, as {@link ClusterFeed} would with one). It keeps no global
     * store: the suppressions and peer statistics in force are this topology's
     * ({@link #suppressions()}, {@link #peerStats()}), which the shared part built from the same
     * instance keeps up to date; the engine must not run both at once.
     */
    public Topology buildClientPart(int residentProfiles) {
        return buildClientPart(residentProfiles, null);
    }

    /**
     * {@link #buildClientPart(int)} whose parser takes the results the engine hands over in
     * {@code parsed} instead of parsing those records again.
     */
    public Topology buildClientPart(int residentProfiles, ParseProcessor.Parsed parsed) {
        return build(false, false, residentProfiles, false, Part.CLIENT, parsed);
    }

    /**
     * The cross-client part of {@link #buildInProcess}: the dataset-split, peer-statistics, cluster
     * (behind {@link ClusterMessageOrder} with one source) and watermark-health steps, reading the
     * topics {@link #buildClientPart} writes, and the global stores of suppressions and peer
     * statistics, which keep {@link #suppressions()} and {@link #peerStats()} of this instance.
     */
    public Topology buildSharedPart() {
        return build(false, false, 1, false, Part.SHARED, null);
    }

    private Topology build(boolean changelogs, boolean onDisk, int residentProfiles, boolean writeProfilesOnCommit) {
        return build(changelogs, onDisk, residentProfiles, writeProfilesOnCommit, Part.WHOLE, null);
    }

    private Topology build(boolean changelogs, boolean onDisk, int residentProfiles, boolean writeProfilesOnCommit,
            Part part, ParseProcessor.Parsed parsed) {
        StreamsBuilder builder = new StreamsBuilder();
        if (part.client()) {
            addClientStores(builder, changelogs, onDisk, residentProfiles, writeProfilesOnCommit);
        }
        if (part.shared()) {
            addSharedStores(builder, changelogs, onDisk);
        }
        for (String totals : totalsStores(part)) {
            builder.addStateStore(logged(Stores.keyValueStoreBuilder(kvStore(totals, onDisk), Serdes.String(), Serdes.Long())
                    .withCachingEnabled(), changelogs));
        }
        Serde<InferenceEvent> eventSerde = new InferenceEventSerde();
        // Every alert sink writes through this serde, each counted by a peek (counters.alert) just before.
        Serde<Alert> alertSerde = Serdes.serdeFrom((t, a) -> a == null ? null : AlertJson.toBytes(privacy.redact(a)),
                (t, b) -> b == null ? null : AlertJson.fromBytes(b));
        if (part == Part.SHARED) {
            sharedSteps(builder, alertSerde);
            return builder.build();
        }
        clientSteps(builder, eventSerde, alertSerde, onDisk, part, parsed);
        return builder.build();
    }

    private void addClientStores(StreamsBuilder builder, boolean changelogs, boolean onDisk, int residentProfiles,
            boolean writeProfilesOnCommit) {
        Duration seenRetention = config.dedupHorizon().multipliedBy(2);
        builder.addStateStore(ResidentProfileStore.builder(logged(Stores.keyValueStoreBuilder(onDisk
                        ? Stores.persistentKeyValueStore(PROFILE_STORE) : Stores.inMemoryKeyValueStore(PROFILE_STORE),
                Serdes.String(), new ClientProfileSerde()).withCachingEnabled(), changelogs), residentProfiles,
                writeProfilesOnCommit));
        // In memory, ids are filed under their time rounded down to a bucket (one dedup horizon),
        // which is kept one bucket longer, so that an id is held at least as long as on disk.
        Duration seenRetentionInMemory = seenRetention.plusMillis(seenBucket());
        builder.addStateStore(logged(Stores.windowStoreBuilder(onDisk
                        ? Stores.persistentWindowStore(SEEN_STORE, seenRetention, seenRetention, false)
                        : Stores.inMemoryWindowStore(SEEN_STORE, seenRetentionInMemory, seenRetentionInMemory, false),
                // No cache: every event id is a new key, so a cache would never coalesce writes and
                // only adds a merge of cache and store iterators to each lookup.
                Serdes.String(), Serdes.Long()).withCachingDisabled(), changelogs));
    }

    private void addSharedStores(StreamsBuilder builder, boolean changelogs, boolean onDisk) {
        builder.addStateStore(logged(Stores.keyValueStoreBuilder(kvStore(LINK_STORE, onDisk), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled(), changelogs));
        builder.addStateStore(logged(Stores.keyValueStoreBuilder(kvStore(CLUSTER_STORE, onDisk), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled(), changelogs));
        builder.addStateStore(logged(Stores.keyValueStoreBuilder(kvStore(CLUSTER_LINKS_STORE, onDisk), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled(), changelogs));
        // Cached: a message held and released within one commit interval never reaches the changelog.
        builder.addStateStore(logged(Stores.keyValueStoreBuilder(kvStore(CLUSTER_ORDER_STORE, onDisk), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled(), changelogs));
        if (splitting()) {
            builder.addStateStore(logged(Stores.keyValueStoreBuilder(kvStore(DATASET_SPLIT_STORE, onDisk), Serdes.String(),
                    Serdes.ByteArray()).withCachingEnabled(), changelogs));
        }
        if (watermark.healthActive()) {
            builder.addStateStore(logged(Stores.keyValueStoreBuilder(kvStore(WATERMARK_HEALTH_STORE, onDisk), Serdes.String(),
                    Serdes.ByteArray()).withCachingEnabled(), changelogs));
        }
        if (peering()) {
            builder.addStateStore(logged(Stores.keyValueStoreBuilder(kvStore(PEER_SAMPLES_STORE, onDisk), Serdes.String(),
                    Serdes.ByteArray()).withCachingEnabled(), changelogs));
            builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PEER_STATS_STORE),
                            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                    topics.peerStats(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("peer-stats-in"),
                    () -> new PeerStatsUpdater(PEER_STATS_STORE, peerStats));
        }

        // In memory: the topic is the store's only copy, read whole by every instance at start-up.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SUPPRESSION_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                topics.suppressions(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("suppressions-in"),
                () -> new SuppressionUpdater(SUPPRESSION_STORE, suppressions));
    }

    /** Parsing, dead letters, the by-client route and the client step, and behind it the rest of {@code part}. */
    private void clientSteps(StreamsBuilder builder, Serde<InferenceEvent> eventSerde, Serde<Alert> alertSerde,
            boolean onDisk, Part part, ParseProcessor.Parsed handedOver) {
        EventParser parser = new EventParser(config.deadLetterRawChars());
        Serde<DeadLetter> deadLetterSerde = new DeadLetterSerde();
        KStream<byte[], ParseResult> parsed = readsContractEvents() ? builder
                .stream(topics.events(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("events"))
                .processValues(() -> new ParseProcessor(parser, counters, handedOver), Named.as("parse")) : null;
        KStream<byte[], ParseResult> converted = convertedInputs(builder);

        Map<String, KStream<byte[], ParseResult>> parsedBranches = parsed == null ? Map.of() : parsed
                .split(Named.as("parsed-"))
                .branch((k, v) -> v instanceof ParseResult.Invalid, Branched.withConsumer(invalid -> invalid
                        .mapValues(v -> ((ParseResult.Invalid) v).deadLetter(), Named.as("dead-letter"))
                        .processValues(() -> new Tally<byte[], DeadLetter>(PARSE_TOTALS_STORE, PipelineTotals.DEAD_LETTERS),
                                Named.as("dead-letter-tallied"), PARSE_TOTALS_STORE)
                        .to(topics.deadLetters(), Produced.with(Serdes.ByteArray(), deadLetterSerde)
                                .withName("dead-letters")), "invalid"))
                .defaultBranch(Branched.as("valid"));
        Map<String, KStream<byte[], ParseResult>> convertedBranches = converted == null ? Map.of() : converted
                .split(Named.as("converted-"))
                .branch((k, v) -> v instanceof ParseResult.Invalid, Branched.withConsumer(invalid -> invalid
                        .mapValues(v -> ((ParseResult.Invalid) v).deadLetter(), Named.as("converted-dead-letter"))
                        .processValues(() -> new Tally<byte[], DeadLetter>(CONVERTED_TOTALS_STORE,
                                PipelineTotals.DEAD_LETTERS), Named.as("converted-dead-letter-tallied"), CONVERTED_TOTALS_STORE)
                        .to(topics.deadLetters(), Produced.with(Serdes.ByteArray(), deadLetterSerde)
                                .withName("converted-dead-letters")), "invalid"))
                .defaultBranch(Branched.as("valid"));
        KStream<String, ClientOutput> out = clientAndClusters(byClient(pseudonymised(parsedBranches.get("parsed-valid"), ""),
                pseudonymised(convertedBranches.get("converted-valid"), "converted-"), eventSerde), alertSerde, onDisk,
                part);
        if (watermark.healthActive()) {
            watermarkHealth(part == Part.CLIENT ? splitOff(out.filter((k, v) -> v instanceof ClientOutput.Tokens,
                                    Named.as("watermark-responses"))
                            .mapValues(v -> ((ClientOutput.Tokens) v).response(), Named.as("response-tokens"))
                            .peek((k, v) -> counters.sideMessageSent(), Named.as("response-tokens-counted")),
                            SPLIT_RESPONSE_TOKENS, ResponseTokens.serde())
                    : crossed(out), alertSerde);
        }
    }

    /** The cross-client steps, each reading what {@link #buildClientPart} writes for it. */
    private void sharedSteps(StreamsBuilder builder, Serde<Alert> alertSerde) {
        Serde<ClusterMessage> messageSerde = new ClusterMessageSerde();
        if (splitting()) {
            datasetSplit(builder.stream(SPLIT_ITEM_CLAIMS, Consumed.with(Serdes.String(), messageSerde)
                    .withName("item-claims-in")), alertSerde);
        }
        if (peering()) {
            peerStatistics(builder.stream(SPLIT_PEER_SAMPLES, Consumed.with(Serdes.String(), messageSerde)
                    .withName("peer-samples-in")));
        }
        if (clustering()) {
            clusters(builder.stream(SPLIT_CLUSTER_MESSAGES, Consumed.with(Serdes.String(), OrderedMessage.serde())
                    .withName("cluster-messages-in")), 1, alertSerde);
        }
        if (watermark.healthActive()) {
            watermarkHealth(builder.stream(SPLIT_RESPONSE_TOKENS, Consumed.with(Serdes.String(), ResponseTokens.serde())
                    .withName("response-tokens-in")), alertSerde);
        }
    }

    /** Writes a stream the client part hands to the shared part to its topic; null: nothing follows here. */
    private static <V> KStream<String, V> splitOff(KStream<String, V> stream, String topic, Serde<V> serde) {
        stream.to(topic, Produced.with(Serdes.String(), serde).withName(topic + "-out"));
        return null;
    }

    /** Whether the events topic is read in the contract format: by default, or when listed so. */
    private boolean readsContractEvents() {
        return formatInputs.isEmpty() || formatInputs.stream().anyMatch(this::isContractEvents);
    }

    private boolean isContractEvents(FormatInput in) {
        return in.topic().equals(topics.events()) && ContractFormat.NAME.equals(in.format().name());
    }

    /** Every input but the contract events topic, parsed in its format and merged; null when none. */
    private KStream<byte[], ParseResult> convertedInputs(StreamsBuilder builder) {
        KStream<byte[], ParseResult> merged = null;
        for (FormatInput in : formatInputs) {
            if (isContractEvents(in)) {
                continue;
            }
            KStream<byte[], ParseResult> parsedInput = builder
                    .stream(in.topic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                            .withName("input-" + in.topic()))
                    .processValues(() -> new FormatParseProcessor(in.format(), counters),
                            Named.as("parse-" + in.topic()));
            merged = merged == null ? parsedInput : merged.merge(parsedInput, Named.as("merge-" + in.topic()));
        }
        return merged;
    }

    /**
     * Valid events with their client id replaced by its HMAC when {@code privacy.clientIdHmacSecret}
     * is set: the one place raw client ids leave the topology's reach, before the by-client key,
     * the repartition topics, the stores and the alerts. A gateway keys records by the raw id, so
     * with the HMAC on no record is in place and every event goes through "by-client".
     */
    private KStream<byte[], ParseResult> pseudonymised(KStream<byte[], ParseResult> valid, String namePrefix) {
        if (valid == null || !privacy.pseudonymising()) {
            return valid;
        }
        return valid.mapValues(v -> (ParseResult) new ParseResult.Valid(privacy.pseudonymise(((ParseResult.Valid) v).event())),
                Named.as(namePrefix + "pseudonymise-client-id"));
    }

    /**
     * Valid events keyed by client id, each on the partition of its client: events the gateway
     * already keyed and partitioned by client stay where they are; the rest go through the
     * "by-client" repartition topic, which has as many partitions as the events topic so that both
     * routes meet in the same task.
     */
    private KStream<String, InferenceEvent> byClient(KStream<byte[], ParseResult> valid,
            KStream<byte[], ParseResult> converted, Serde<InferenceEvent> eventSerde) {
        if (eventsPartitions <= 0 || valid == null) {
            // No in-place route: all events, of every input, go through the one "by-client" topic.
            KStream<byte[], ParseResult> all = valid == null ? converted
                    : converted == null ? valid : valid.merge(converted, Named.as("inputs-merged"));
            Repartitioned<String, InferenceEvent> byClient = Repartitioned.with(Serdes.String(), eventSerde)
                    .withName("by-client");
            return all
                    .map((k, v) -> {
                        counters.repartitioned();
                        InferenceEvent e = ((ParseResult.Valid) v).event();
                        return KeyValue.pair(e.clientId(), e);
                    }, Named.as("key-by-client"))
                    .repartition(eventsPartitions > 0 ? byClient.withNumberOfPartitions(eventsPartitions) : byClient);
        }
        Map<String, KStream<byte[], RoutedEvent>> routes = valid
                .processValues(() -> new ClientKeyCheck(eventsPartitions, counters), Named.as("client-key-check"))
                .split(Named.as("route-"))
                .branch((k, v) -> v.inPlace(), Branched.as("in-place"))
                .defaultBranch(Branched.as("elsewhere"));
        KStream<String, InferenceEvent> inPlace = routes.get("route-in-place")
                .map((k, v) -> KeyValue.pair(v.event().clientId(), v.event()), Named.as("in-place-by-client"));
        KStream<String, InferenceEvent> moved = routes.get("route-elsewhere")
                .map((k, v) -> KeyValue.pair(v.event().clientId(), v.event()), Named.as("key-by-client"))
                .repartition(Repartitioned.with(Serdes.String(), eventSerde).withName("by-client")
                        .withNumberOfPartitions(eventsPartitions));
        KStream<String, InferenceEvent> merged = inPlace.merge(moved, Named.as("by-client-merged"));
        if (converted == null) {
            return merged;
        }
        // Converted inputs have their own repartition topic, with the events topic's partition
        // count, so that they join the client step without tying their source topics to its task.
        KStream<String, InferenceEvent> convertedByClient = converted
                .map((k, v) -> {
                    counters.repartitioned();
                    InferenceEvent e = ((ParseResult.Valid) v).event();
                    return KeyValue.pair(e.clientId(), e);
                }, Named.as("converted-key-by-client"))
                .repartition(Repartitioned.with(Serdes.String(), eventSerde).withName("by-client-converted")
                        .withNumberOfPartitions(eventsPartitions));
        return merged.merge(convertedByClient, Named.as("converted-merged"));
    }

    /**
     * The client step and, when on, the cross-client steps behind it (in the client part, the
     * topics they would read); returns the client step's output.
     */
    private KStream<String, ClientOutput> clientAndClusters(KStream<String, InferenceEvent> byClient,
            Serde<Alert> alertSerde, boolean onDisk, Part part) {
        KStream<String, ClientOutput> out = byClient
                .process(counted(() -> clientProcessor(onDisk), true), Named.as("client-detection"), PROFILE_STORE, SEEN_STORE,
                        CLIENT_TOTALS_STORE);
        out.filter((k, v) -> v instanceof ClientOutput.AlertVersion, Named.as("client-alerts"))
                .mapValues(v -> ((ClientOutput.AlertVersion) v).alert(), Named.as("client-alert"))
                .peek((k, a) -> counters.alert(a), Named.as("client-alert-counted"))
                .processValues(() -> new Tally<String, Alert>(CLIENT_TOTALS_STORE, PipelineTotals.ALERTS),
                        Named.as("client-alert-tallied"), CLIENT_TOTALS_STORE)
                .to(topics.alerts(), Produced.with(Serdes.String(), alertSerde).withName("alerts"));
        Serde<ClusterMessage> messageSerde = new ClusterMessageSerde();
        if (splitting()) {
            KStream<String, ClusterMessage> claims = out
                    .filter((k, v) -> v instanceof ClientOutput.Message m && m.message() instanceof ClusterMessage.ItemClaim,
                            Named.as("item-claims"))
                    .mapValues(v -> ((ClientOutput.Message) v).message(), Named.as("item-claim"))
                    .peek((k, v) -> counters.sideMessageSent(), Named.as("item-claim-counted"));
            if (part == Part.CLIENT) {
                splitOff(claims, SPLIT_ITEM_CLAIMS, messageSerde);
            } else {
                datasetSplit(claims.repartition(Repartitioned.with(Serdes.String(), messageSerde)
                        .withName("by-reference-set")), alertSerde);
            }
        }
        if (peering()) {
            KStream<String, ClusterMessage> samples = out
                    .filter((k, v) -> v instanceof ClientOutput.Message m && m.message() instanceof ClusterMessage.PeerSample,
                            Named.as("peer-samples"))
                    .mapValues(v -> ((ClientOutput.Message) v).message(), Named.as("peer-sample"))
                    .selectKey((k, v) -> PEER_KEY, Named.as("key-samples-to-peer-side"))
                    .peek((k, v) -> counters.sideMessageSent(), Named.as("peer-sample-counted"));
            if (part == Part.CLIENT) {
                splitOff(samples, SPLIT_PEER_SAMPLES, messageSerde);
            } else {
                peerStatistics(samples.repartition(Repartitioned.with(Serdes.String(), messageSerde).withName("by-peers")
                        .withNumberOfPartitions(1)));
            }
        }
        if (!clustering()) {
            return out;
        }
        KStream<String, ClusterMessage> messages = out
                .filter((k, v) -> v instanceof ClientOutput.Message m && !(m.message() instanceof ClusterMessage.ItemClaim)
                        && !(m.message() instanceof ClusterMessage.PeerSample), Named.as("cluster-messages"))
                .mapValues(v -> ((ClientOutput.Message) v).message(), Named.as("cluster-message"));
        if (part == Part.CLIENT) {
            splitOff(messages.selectKey((k, v) -> CLUSTER_KEY, Named.as("key-messages-to-cluster-side"))
                    .peek((k, v) -> counters.sideMessageSent(), Named.as("cluster-message-counted")),
                    SPLIT_CLUSTER_MESSAGES, messageSerde);
            return out;
        }
        // Every message of a partition, stamped with its stream time, and its watermarks, to one
        // partition, where they are put in one order whatever the interleaving of the partitions.
        clusters(messages.process(() -> new ClusterFeed(CLUSTER_KEY, config.hydra().orderHeartbeat(), counters),
                        Named.as("cluster-feed"))
                .peek((k, v) -> counters.sideMessageSent(), Named.as("cluster-message-counted"))
                .repartition(Repartitioned.with(Serdes.String(), OrderedMessage.serde()).withName("by-cluster")
                        .withNumberOfPartitions(1)), eventsPartitions, alertSerde);
        return out;
    }

    /** The dataset-split side: item claims keyed by reference set, each set on one partition. */
    private void datasetSplit(KStream<String, ClusterMessage> claims, Serde<Alert> alertSerde) {
        claims.process(counted(this::datasetSplitProcessor), Named.as("dataset-split"), DATASET_SPLIT_STORE)
                .peek((k, a) -> counters.alert(a), Named.as("dataset-split-alert-counted"))
                .processValues(() -> new Tally<String, Alert>(DATASET_SPLIT_TOTALS_STORE, PipelineTotals.ALERTS),
                        Named.as("dataset-split-alert-tallied"), DATASET_SPLIT_TOTALS_STORE)
                .to(topics.alerts(), Produced.with(Serdes.String(), alertSerde).withName("dataset-split-alerts"));
    }

    /** The peer-statistics side: every client's samples on one partition, snapshots to the peer-statistics topic. */
    private void peerStatistics(KStream<String, ClusterMessage> samples) {
        samples.process(counted(() -> new PeerStatisticsProcessor(config.peers(), PEER_SAMPLES_STORE)),
                        Named.as("peer-statistics"), PEER_SAMPLES_STORE)
                .to(topics.peerStats(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("peer-stats-out"));
    }

    /**
     * The cluster side, on one partition: stamped messages put in one order, then clusters.
     *
     * @param sources the client step's partitions the order waits for ({@link ClusterMessageOrder})
     */
    private void clusters(KStream<String, OrderedMessage> stamped, int sources, Serde<Alert> alertSerde) {
        stamped.process(counted(() -> new ClusterMessageOrder(config.hydra(), sources, counters,
                        CLUSTER_ORDER_STORE)), Named.as("cluster-order"), CLUSTER_ORDER_STORE)
                .process(this::clusterProcessor, Named.as("clusters"), CLUSTER_STORE, CLUSTER_LINKS_STORE, LINK_STORE)
                .peek((k, a) -> counters.alert(a), Named.as("cluster-alert-counted"))
                .processValues(() -> new Tally<String, Alert>(CLUSTER_TOTALS_STORE, PipelineTotals.ALERTS),
                        Named.as("cluster-alert-tallied"), CLUSTER_TOTALS_STORE)
                .to(topics.alerts(), Produced.with(Serdes.String(), alertSerde).withName("cluster-alerts"));
    }

    /**
     * The client step's responses with enough token ids, keyed by model, across the "by-model"
     * repartition: only the event id and token ids cross it.
     */
    private KStream<String, ResponseTokens> crossed(KStream<String, ClientOutput> clientOutput) {
        return clientOutput.filter((k, v) -> v instanceof ClientOutput.Tokens, Named.as("watermark-responses"))
                .mapValues(v -> ((ClientOutput.Tokens) v).response(), Named.as("response-tokens"))
                .peek((k, v) -> counters.sideMessageSent(), Named.as("response-tokens-counted"))
                .repartition(Repartitioned.with(Serdes.String(), ResponseTokens.serde()).withName("by-model"));
    }

    /** The endpoint's own responses, per model, through the watermark health monitor; nothing when null. */
    private void watermarkHealth(KStream<String, ResponseTokens> responses, Serde<Alert> alertSerde) {
        if (responses == null) {
            return;
        }
        responses.process(counted(() -> new WatermarkHealthProcessor(watermark, config.fusion(), WATERMARK_HEALTH_STORE)),
                        Named.as("watermark-health"), WATERMARK_HEALTH_STORE)
                .peek((k, a) -> counters.alert(a), Named.as("watermark-health-alert-counted"))
                .processValues(() -> new Tally<String, Alert>(WATERMARK_HEALTH_TOTALS_STORE, PipelineTotals.ALERTS),
                        Named.as("watermark-health-alert-tallied"), WATERMARK_HEALTH_TOTALS_STORE)
                .to(topics.alerts(), Produced.with(Serdes.String(), alertSerde).withName("watermark-health-alerts"));
    }

    private ClusterProcessor clusterProcessor() {
        return new ClusterProcessor(hydra, FleetFusion.of(config.fusion(), hydra::headline, "hydra", suppressions),
                counters, CLUSTER_STORE, CLUSTER_LINKS_STORE, LINK_STORE);
    }

    private static <S extends StateStore> StoreBuilder<S> logged(StoreBuilder<S> store, boolean changelogs) {
        return changelogs ? store : store.withLoggingDisabled();
    }

    /**
     * A step behind a repartition of the client step's output, which marks each message done
     * ({@link PipelineCounters#sideMessageDone}) once processed, after the messages it sent on.
     */
    private <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> counted(
            ProcessorSupplier<KIn, VIn, KOut, VOut> step) {
        return counted(step, false);
    }

    /**
     * @param entry whether each record also counts as sent when it arrives: the client step's
     *     events, so that an event counted as processed before its messages are sent leaves one
     *     message pending until they are
     */
    private <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> counted(
            ProcessorSupplier<KIn, VIn, KOut, VOut> step, boolean entry) {
        return () -> {
            Processor<KIn, VIn, KOut, VOut> inner = step.get();
            return new Processor<>() {
                @Override
                public void init(ProcessorContext<KOut, VOut> context) {
                    inner.init(context);
                }

                @Override
                public void process(Record<KIn, VIn> record) {
                    if (entry) {
                        counters.sideMessageSent();
                    }
                    try {
                        inner.process(record);
                    } finally {
                        counters.sideMessageDone();
                    }
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        };
    }

    /** The bucket of an in-memory seen-event-id store: see {@link ClientDetectionProcessor.Stores}. */
    private long seenBucket() {
        return Math.max(1, config.dedupHorizon().toMillis());
    }

    private static KeyValueBytesStoreSupplier kvStore(String name, boolean persistent) {
        return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }

    private ClientDetectionProcessor clientProcessor(boolean onDisk) {
        Map<String, Detector<?>> byName = detectors.stream()
                .collect(Collectors.toMap(Detector::name, Function.identity()));
        AlertFusion fusion = new AlertFusion(config.fusion(), f -> headline(byName, f));
        return new ClientDetectionProcessor(
                new ClientDetectionProcessor.Detection(detectors, fusion, config.signatures().minHasher(), encoders,
                        config.dedupHorizon(), suppressions),
                new ClientDetectionProcessor.Stores(PROFILE_STORE, SEEN_STORE, onDisk ? 1 : seenBucket(), CLIENT_TOTALS_STORE),
                new ClientDetectionProcessor.Feeds(clustering() ? config.hydra() : null,
                        config.templatedQueries().minWords(), splitting(),
                        watermark::responseTokens,
                        watermark.healthActive() ? watermark.config().health().minTokens() : Integer.MAX_VALUE),
                peering() ? new ClientDetectionProcessor.Peers(config.peers(), new PeerContext(config.peers(), peerStats))
                        : null,
                counters);
    }

    /** Whether the dataset-split side runs: on in the config and with reference sets to match. */
    private boolean splitting() {
        return detecting && config.datasetSplit().enabled() && reference.size() > 0;
    }

    /** Whether the peer-statistics side runs: on in the config, and the topology detects. */
    private boolean peering() {
        return detecting && config.peers().enabled();
    }

    /** Whether the cluster side runs: on in the config, and the topology detects. */
    private boolean clustering() {
        return detecting && config.hydra().enabled();
    }

    private DatasetSplitProcessor datasetSplitProcessor() {
        return new DatasetSplitProcessor(datasetSplit, FleetFusion.of(config.fusion(), datasetSplit::headline, "split",
                suppressions),
                counters, DATASET_SPLIT_STORE);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String headline(Map<String, Detector<?>> byName, DetectorFinding f) {
        Detector d = byName.get(f.name());
        return d == null ? f.name() : d.headline(f);
    }
}
