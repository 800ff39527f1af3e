package dev.quarry.detectors;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.detector.BlendedTrafficDetector;
import dev.quarry.detectors.detector.CapabilityCoverageDetector;
import dev.quarry.detectors.detector.Detector;
import dev.quarry.detectors.detector.LogitBiasSweepDetector;
import dev.quarry.detectors.detector.RequestDistillationScorer;
import dev.quarry.detectors.detector.TemplatedQueryDetector;
import dev.quarry.detectors.fusion.AlertFusion;
import dev.quarry.detectors.internals.ClientDetectionProcessor;
import dev.quarry.detectors.internals.ParseProcessor;
import dev.quarry.detectors.state.ClientProfileSerde;
import dev.quarry.ingest.DeadLetter;
import dev.quarry.ingest.DeadLetterSerde;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceEventSerde;
import dev.quarry.ingest.ParseResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.streams.state.Stores;

/**
 * Builds Quarry's Kafka Streams topology:
 *
 * <pre>
 *  quarry.events (raw bytes)
 *     -&gt; parse ──invalid──&gt; quarry.events.dlq (dead letter JSON)
 *        │valid, timestamp = event time
 *        -&gt; re-key by client_id -&gt; repartition "by-client"
 *        -&gt; client detection [stores: client-profiles, seen-event-ids]
 *              dedup -&gt; profile -&gt; detectors -&gt; fusion
 *        -&gt; quarry.alerts (alert JSON keyed by subject)
 * </pre>
 *
 * Cross-client state (clusters) will hang off the same valid stream, re-keyed by cluster keys.
 * Instances are immutable and thread-safe.
 */
public final class QuarryTopology {
    public static final String PROFILE_STORE = "client-profiles";
    public static final String SEEN_STORE = "seen-event-ids";

    private final DetectionConfig config;
    private final TopicNames topics;
    private final PipelineCounters counters;
    private final List<Detector<?>> detectors;
    private final TemplatedQueryDetector templated;

    public QuarryTopology(DetectionConfig config, TopicNames topics, PipelineCounters counters) {
        this.config = config;
        this.topics = topics;
        this.counters = counters;
        this.templated = new TemplatedQueryDetector(config.templatedQueries);
        RequestDistillationScorer requestScorer = new RequestDistillationScorer();
        this.detectors = List.of(new LogitBiasSweepDetector(config.logitBiasSweep), templated,
                new CapabilityCoverageDetector(config.capabilityCoverage, requestScorer),
                new BlendedTrafficDetector(config.blendedTraffic, requestScorer));
    }

    /** The detectors in the order they run. */
    public List<Detector<?>> detectors() {
        return detectors;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        Duration seenRetention = config.dedupHorizon.multipliedBy(2);
        builder.addStateStore(Stores.keyValueStoreBuilder(config.persistentStores
                        ? Stores.persistentKeyValueStore(PROFILE_STORE) : Stores.inMemoryKeyValueStore(PROFILE_STORE),
                Serdes.String(), new ClientProfileSerde()).withCachingEnabled());
        builder.addStateStore(Stores.windowStoreBuilder(config.persistentStores
                        ? Stores.persistentWindowStore(SEEN_STORE, seenRetention, seenRetention, false)
                        : Stores.inMemoryWindowStore(SEEN_STORE, seenRetention, seenRetention, false),
                Serdes.String(), Serdes.Long()).withCachingEnabled());

        EventParser parser = new EventParser(config.deadLetterRawChars);
        Serde<InferenceEvent> eventSerde = new InferenceEventSerde();
        Serde<DeadLetter> deadLetterSerde = new DeadLetterSerde();
        Serde<Alert> alertSerde = Serdes.serdeFrom((t, a) -> a == null ? null : AlertJson.toBytes(a),
                (t, b) -> b == null ? null : AlertJson.fromBytes(b));

        KStream<byte[], ParseResult> parsed = builder
                .stream(topics.events(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("events"))
                .processValues(() -> new ParseProcessor(parser, counters), Named.as("parse"));

        parsed.split(Named.as("parsed-"))
                .branch((k, v) -> v instanceof ParseResult.Invalid, Branched.withConsumer(invalid -> invalid
                        .mapValues(v -> ((ParseResult.Invalid) v).deadLetter(), Named.as("dead-letter"))
                        .to(topics.deadLetters(), Produced.with(Serdes.ByteArray(), deadLetterSerde)
                                .withName("dead-letters")), "invalid"))
                .defaultBranch(Branched.withConsumer(valid -> valid
                        .map((k, v) -> {
                            InferenceEvent e = ((ParseResult.Valid) v).event();
                            return KeyValue.pair(e.clientId(), e);
                        }, Named.as("key-by-client"))
                        .repartition(Repartitioned.with(Serdes.String(), eventSerde).withName("by-client"))
                        .process(this::clientProcessor, Named.as("client-detection"), PROFILE_STORE, SEEN_STORE)
                        .to(topics.alerts(), Produced.with(Serdes.String(), alertSerde).withName("alerts")), "valid"));
        return builder.build();
    }

    private ClientDetectionProcessor clientProcessor() {
        Map<String, Detector<?>> byName = detectors.stream()
                .collect(Collectors.toMap(Detector::name, Function.identity()));
        AlertFusion fusion = new AlertFusion(config.fusion, f -> headline(byName, f));
        return new ClientDetectionProcessor(detectors, fusion, templated.minHasher(), config.dedupHorizon,
                counters, PROFILE_STORE, SEEN_STORE);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String headline(Map<String, Detector<?>> byName, DetectorFinding f) {
        Detector d = byName.get(f.name());
        return d == null ? f.name() : d.headline(f);
    }
}
