package dev.quarry.detectors.internals;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.PipelineTotals;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.cluster.ClientLinkState;
import dev.quarry.detectors.cluster.ClusterMessage;
import dev.quarry.detectors.cluster.LinkKeys;
import dev.quarry.detectors.config.HydraConfig;
import dev.quarry.detectors.detector.BenchmarkHarvestingDetector;
import dev.quarry.detectors.detector.BenchmarkHarvestingState;
import dev.quarry.detectors.detector.CapabilityCoverageDetector;
import dev.quarry.detectors.detector.Detector;
import dev.quarry.detectors.detector.DetectorState;
import dev.quarry.detectors.detector.ReferencePrompts;
import dev.quarry.detectors.encoder.TextEncoders;
import dev.quarry.detectors.config.PeersConfig;
import dev.quarry.detectors.fusion.AlertFusion;
import dev.quarry.detectors.peers.ClientShape;
import dev.quarry.detectors.peers.PeerContext;
import dev.quarry.detectors.peers.PeerQuantity;
import dev.quarry.detectors.peers.ShapeClassifier;
import dev.quarry.detectors.peers.ShapeState;
import dev.quarry.detectors.state.ClientProfile;
import dev.quarry.detectors.suppression.Hold;
import dev.quarry.detectors.suppression.LiveSuppressions;
import dev.quarry.detectors.watermark.ResponseTokens;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.encoder.TextEncoder;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The per-client step: drops events whose {@code event_id} was already seen within the dedup
 * horizon, updates the client's profile, runs every detector, and fuses their findings into an
 * alert version when one is due. When the cluster path is on, it also announces the client's
 * link keys and summaries to the cluster side (see {@link dev.quarry.detectors.cluster}), and
 * with the watermark health monitor on, each new response's token ids. Records arrive keyed by
 * client id, so one client's events are
 * always on one partition, in order. Confined to one stream thread.
 */
public final class ClientDetectionProcessor implements Processor<String, InferenceEvent, String, ClientOutput> {
    private final List<Detector<?>> detectors;
    private final AlertFusion fusion;
    private final MinHasher minHasher;
    private final TextEncoders encoders;
    /** Per detector (same order), the encoder overriding the default, or null. */
    private final TextEncoder[] overrides;
    private final Duration dedupHorizon;
    private final LiveSuppressions suppressions;
    private final PipelineCounters counters;
    private final String profileStoreName;
    private final String seenStoreName;
    private final String totalsStoreName;
    private final HydraConfig hydra;
    private final int minWords;
    private final int responseMinTokens;
    private final Function<InferenceEvent, int[]> responseTokens;
    /** The provenance detector whose harvested items are announced; null: none are. */
    private final BenchmarkHarvestingDetector provenance;
    /** The capability-coverage detector, whose latest window a summary carries; null when off. */
    private final CapabilityCoverageDetector coverage;
    /** Peer statistics by shape, or null when off. */
    private final Peers peers;
    private final ShapeClassifier classifier;
    /** The provenance detector whose matched share is a peer quantity; null when off. */
    private final BenchmarkHarvestingDetector harvesting;
    private ProcessorContext<String, ClientOutput> context;
    private KeyValueStore<String, ClientProfile> profiles;
    private WindowStore<String, Long> seen;
    private final long seenBucketMillis;
    private KeyValueStore<String, Long> totals;

    /**
     * What the client step detects with.
     *
     * @param detectors the client detectors, in the order they run
     * @param fusion fuses their findings into the client's alert
     * @param minHasher prompt signatures (templates, the cluster side's template marks)
     * @param encoders the default encoder, and the overrides some detectors see a sample with
     * @param dedupHorizon an event id seen within this much event time is a duplicate
     * @param suppressions the analysts' suppressions in force, read for each event
     */
    public record Detection(List<Detector<?>> detectors, AlertFusion fusion, MinHasher minHasher,
            TextEncoders encoders, Duration dedupHorizon, LiveSuppressions suppressions) {}

    /**
     * The names of the client profile store, the seen-event-id window store and the
     * {@link PipelineTotals} store the processed events are counted in.
     *
     * @param seenBucketMillis the seen-event-id store files an id under its event time rounded down
     *     to this (and keeps the exact time as the value): 1 for a RocksDB store, which finds a key
     *     in one range scan; the dedup horizon for an in-memory store, whose lookup visits every
     *     distinct timestamp in the range. Which ids are duplicates does not depend on it.
     */
    public record Stores(String profiles, String seen, long seenBucketMillis, String totals) {
        public Stores {
            if (seenBucketMillis < 1) {
                throw new IllegalArgumentException("seenBucketMillis must be >= 1: " + seenBucketMillis);
            }
        }

        /** Stores whose seen-event-id store files each id under its exact event time. */
        public Stores(String profiles, String seen, String totals) {
            this(profiles, seen, 1, totals);
        }
    }

    /**
     * What the client step forwards to the other sides of the topology.
     *
     * @param hydra the cluster side's settings; link claims and summaries only when it is enabled
     *     (null: none)
     * @param minWords prompts shorter than this give no template marks
     * @param itemClaims whether the items {@code benchmark_harvesting} sees harvested are
     *     announced, keyed by set, to the dataset-split side ({@link ClusterMessage.ItemClaim})
     * @param responseTokens the token ids of an event's response for the watermark health monitor
     *     (logged, or its text tokenized), or null
     * @param responseMinTokens responses with at least this many token ids are forwarded, once each
     *     (after deduplication), keyed by model; {@code Integer.MAX_VALUE}: none
     */
    public record Feeds(HydraConfig hydra, int minWords, boolean itemClaims,
            Function<InferenceEvent, int[]> responseTokens, int responseMinTokens) {}

    /**
     * Peer statistics by shape: the client's shape is classified on every event, a
     * {@link ClusterMessage.PeerSample} sent every {@code peers.sampleEvery} events, and fusion
     * reads where the client stands among its shape's peers.
     *
     * @param config the {@code detection.peers} section
     * @param context the peer statistics in force
     */
    public record Peers(PeersConfig config, PeerContext context) {}

    public ClientDetectionProcessor(Detection detection, Stores stores, Feeds feeds, PipelineCounters counters) {
        this(detection, stores, feeds, null, counters);
    }

    /** As above, with peer statistics by shape (null: none). */
    public ClientDetectionProcessor(Detection detection, Stores stores, Feeds feeds, Peers peers,
            PipelineCounters counters) {
        List<Detector<?>> detectors = detection.detectors();
        this.peers = peers == null || !peers.config().enabled() ? null : peers;
        this.classifier = this.peers == null ? null : new ShapeClassifier(peers.config());
        this.harvesting = detectors.stream().filter(d -> d instanceof BenchmarkHarvestingDetector)
                .map(d -> (BenchmarkHarvestingDetector) d).findFirst().orElse(null);
        this.provenance = !feeds.itemClaims() ? null : detectors.stream()
                .filter(d -> d instanceof BenchmarkHarvestingDetector)
                .map(d -> (BenchmarkHarvestingDetector) d).findFirst().orElse(null);
        this.coverage = detectors.stream().filter(d -> d instanceof CapabilityCoverageDetector)
                .map(d -> (CapabilityCoverageDetector) d).findFirst().orElse(null);
        this.responseTokens = feeds.responseTokens();
        this.responseMinTokens = feeds.responseMinTokens();
        this.hydra = feeds.hydra();
        this.minWords = feeds.minWords();
        this.detectors = detectors;
        this.fusion = detection.fusion();
        this.minHasher = detection.minHasher();
        this.encoders = detection.encoders();
        this.overrides = detectors.stream().map(d -> encoders.override(d.name())).toArray(TextEncoder[]::new);
        this.dedupHorizon = detection.dedupHorizon();
        this.suppressions = detection.suppressions();
        this.counters = counters;
        this.profileStoreName = stores.profiles();
        this.seenStoreName = stores.seen();
        this.seenBucketMillis = stores.seenBucketMillis();
        this.totalsStoreName = stores.totals();
    }

    @Override
    public void init(ProcessorContext<String, ClientOutput> context) {
        this.context = context;
        this.profiles = context.getStateStore(profileStoreName);
        this.seen = context.getStateStore(seenStoreName);
        this.totals = context.getStateStore(totalsStoreName);
    }

    @Override
    public void process(Record<String, InferenceEvent> record) {
        InferenceEvent event = record.value();
        if (isDuplicate(event)) {
            counters.duplicate();
            return;
        }
        counters.processed();
        PipelineTotals.add(totals, PipelineTotals.EVENTS_PROCESSED, 1);
        ClientProfile profile = profiles.get(event.clientId());
        if (profile == null) {
            profile = new ClientProfile();
        }
        profile.recordEvent(event.tsMillis());
        // Without detectors and cluster side (the bench's baseline) nothing reads the prompt's features.
        PromptFeatures features = detectors.isEmpty() && !clustering() ? null
                : PromptFeatures.recalled(event.request(), minHasher, encoders.defaultEncoder());
        ShapeState shape = peers == null ? null : observeShape(event, profile);
        List<DetectorFinding> findings = new ArrayList<>(2);
        boolean fusing = profile.hasFusionState();
        Boolean sampled = null;
        Map<TextEncoder, PromptFeatures> semantic = null;
        for (int i = 0; i < detectors.size(); i++) {
            Detector<?> d = detectors.get(i);
            PromptFeatures seen = features;
            TextEncoder override = overrides[i];
            if (override != null) {
                // A detector with its own encoder sees only the semantic sample, embedded with it.
                if (sampled == null) {
                    sampled = encoders.semanticSampled(event.eventId());
                }
                if (!sampled) {
                    continue;
                }
                if (semantic == null) {
                    semantic = new HashMap<>(2);
                }
                seen = semantic.computeIfAbsent(override, e -> PromptFeatures.of(event.request(), minHasher, e));
            }
            Optional<DetectorFinding> f = observe(d, event, seen, profile);
            // A zero score withdraws an earlier finding; a client with no fusion state has none.
            if (f.isPresent() && (fusing || f.get().score() > 0)) {
                findings.add(f.get());
            }
        }
        // A client no detector ever reported on has nothing to fuse: skipping it saves decoding
        // and re-encoding the fusion state on most benign events.
        Optional<Alert> alert = Optional.empty();
        if (!findings.isEmpty() || fusing) {
            long suppressedBefore = profile.fusion().suppressed();
            Hold hold = suppressions.current().holdFor(event.clientId(), event.orgId(), event.tsMillis());
            ClientProfile client = profile;
            alert = fusion.fuse(Subject.client(event.clientId()), event.tsMillis(), event.eventId(),
                    findings, profile.fusion(), profile.events(), fusion.standing(event.clientId(), event.orgId()), hold,
                    shape == null ? null : () -> peers.context().standing(shape.shape(), peerValues(shape, client), risen(client),
                            event.tsMillis()));
            if (profile.fusion().suppressed() > suppressedBefore) {
                counters.suppressed();
            }
            int held = fusion.heldSignals(findings, hold);
            if (held > 0) {
                counters.findingsSuppressed(held);
            }
        }
        alert.ifPresent(a -> {
            context.forward(new Record<>(a.subject().key(), ClientOutput.of(a), event.tsMillis()));
        });
        if (clustering()) {
            reportToClusters(event, features, profile);
        }
        if (provenance != null) {
            claimItem(event, features, profile);
        }
        int[] tokens = responseMinTokens == Integer.MAX_VALUE ? null : responseTokens.apply(event);
        if (tokens != null && tokens.length >= responseMinTokens) {
            context.forward(new Record<>(event.model(), ClientOutput.of(new ResponseTokens(event.eventId(), tokens)),
                    event.tsMillis()));
        }
        profiles.put(event.clientId(), profile);
    }

    private boolean clustering() {
        return hydra != null && hydra.enabled();
    }

    /**
     * Announces the client's new link keys (once per client and key) and, when due, a summary of
     * it for pooling on the cluster side. Both are stamped with the event's time.
     */
    private void reportToClusters(InferenceEvent event, PromptFeatures features, ClientProfile profile) {
        ClientLinkState links = profile.section(ClientLinkState.SECTION, ClientLinkState::new, ClientLinkState::read);
        links.observeEvent(event.tsMillis(), event.response().completionTokens());
        List<String> keys = new ArrayList<>(LinkKeys.ofEvent(event));
        long[] marks = new long[0];
        if (features.words() >= minWords) {
            links.observePrompt(features.signature(), hydra.templateSlots(), features.textHash());
            marks = links.marks(hydra.minTemplatePrompts(), hydra.templateMarkShare());
            for (long m : marks) {
                keys.addAll(LinkKeys.ofTemplate(event, m));
            }
        } else {
            marks = links.marks(hydra.minTemplatePrompts(), hydra.templateMarkShare());
        }
        long ts = event.tsMillis();
        for (String k : keys) {
            if (links.announce(k, hydra.maxKeysPerClient())) {
                context.forward(new Record<>(k, ClientOutput.of(new ClusterMessage.LinkClaim(k, event.clientId(), event.eventId(), ts)), ts));
            }
        }
        // The attributes weak keys are made of, counted on the cluster side to weigh those keys.
        for (String a : LinkKeys.attributesOf(event, marks)) {
            if (links.announce(a, hydra.maxKeysPerClient())) {
                context.forward(new Record<>(a, ClientOutput.of(new ClusterMessage.AttributeClaim(a, event.clientId(), ts)), ts));
            }
        }
        double score = profile.hasFusionState() ? profile.fusion().latestScore() : 0.0;
        if (links.summaryDue(profile.events(), score, hydra.summaryEvery(), hydra.summaryScoreDelta())) {
            links.summarised(profile.events(), score);
            double[] sweep = coverage == null ? null : coverage.paceFreeWindow(profile.state(coverage));
            ClusterMessage.ClientSummary summary = new ClusterMessage.ClientSummary(event.clientId(), event.eventId(),
                    ts, profile.firstTs(), profile.events(), links.activeHours(), links.maxHourly(),
                    links.meanCompletionTokens(), score, marks, features.skeleton().length() > 200
                            ? features.skeleton().substring(0, 200) : features.skeleton(),
                    sweep == null ? 0 : sweep[0], sweep == null ? 0 : sweep[1]);
            context.forward(new Record<>(event.clientId(), ClientOutput.of(summary), ts));
        }
    }

    /**
     * Counts the event for the client's shape, classifies it, and sends a peer sample when one is
     * due (every {@code peers.sampleEvery} events of a classified client, or at once when its shape
     * changed). Constant work: no detector state is read unless a sample is due.
     */
    private ShapeState observeShape(InferenceEvent event, ClientProfile profile) {
        ShapeState s = profile.section(ShapeState.SECTION, ShapeState::new, ShapeState::read);
        s.observe(event);
        ClientShape before = s.shape();
        ClientShape now = classifier.classify(s);
        s.shape(now);
        if (now != ClientShape.UNKNOWN && s.sampleDue(peers.config().sampleEvery(), now != before)) {
            s.sampled();
            long ts = event.tsMillis();
            ClusterMessage.PeerSample sample = new ClusterMessage.PeerSample(event.clientId(), now.wireName(), ts,
                    peerValues(s, profile));
            context.forward(new Record<>(event.clientId(), ClientOutput.of(sample), ts));
        }
        return s;
    }

    /** The client's {@link PeerQuantity} values, in that enum's order. */
    private double[] peerValues(ShapeState s, ClientProfile profile) {
        double[] v = new double[PeerQuantity.values().length];
        double[] window = coverage == null ? null : coverage.paceFreeWindow(profile.state(coverage));
        v[PeerQuantity.BREADTH.ordinal()] = window == null ? 0 : window[0];
        if (harvesting != null) {
            BenchmarkHarvestingState h = profile.state(harvesting);
            v[PeerQuantity.PROVENANCE_SHARE.ordinal()] = h.prompts() == 0 ? 0 : (double) h.matched() / h.prompts();
        }
        v[PeerQuantity.VOLUME_PER_ACTIVE_HOUR.ordinal()] = s.volumePerActiveHour();
        return v;
    }

    /** Which {@link PeerQuantity} values have risen above the client's own history, in that enum's order. */
    private boolean[] risen(ClientProfile profile) {
        boolean[] r = new boolean[PeerQuantity.values().length];
        r[PeerQuantity.BREADTH.ordinal()] = coverage != null && coverage.risenAboveOwnHistory(profile.state(coverage));
        return r;
    }

    /** Announces the public item the prompt repeats, if any, to the dataset-split side. */
    private void claimItem(InferenceEvent event, PromptFeatures features, ClientProfile profile) {
        Optional<ReferencePrompts.WalkedItem> m = provenance.harvestedItem(event, features, profile.state(provenance));
        if (m.isEmpty()) {
            return;
        }
        String set = m.get().set();
        long ts = event.tsMillis();
        ClusterMessage.ItemClaim claim = new ClusterMessage.ItemClaim(set, event.clientId(),
                event.orgId() == null ? "" : event.orgId(), m.get().item(), m.get().setSize(), event.eventId(), ts);
        context.forward(new Record<>(set, ClientOutput.of(claim), ts));
    }

    private boolean isDuplicate(InferenceEvent event) {
        long ts = event.tsMillis();
        long horizon = dedupHorizon.toMillis();
        try (WindowStoreIterator<Long> it = seen.fetch(event.eventId(), bucket(ts - horizon), bucket(ts + horizon))) {
            while (it.hasNext()) {
                long at = it.next().value;
                if (at >= ts - horizon && at <= ts + horizon) {
                    return true;
                }
            }
        }
        seen.put(event.eventId(), ts, bucket(ts));
        return false;
    }

    private long bucket(long ts) {
        return Math.floorDiv(ts, seenBucketMillis) * seenBucketMillis;
    }

    private static <S extends DetectorState> Optional<DetectorFinding> observe(Detector<S> d, InferenceEvent e,
            PromptFeatures f, ClientProfile p) {
        return d.observe(e, f, p.state(d));
    }
}
