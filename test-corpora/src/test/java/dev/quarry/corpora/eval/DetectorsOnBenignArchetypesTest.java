package dev.quarry.corpora.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.corpora.archetype.Label;
import dev.quarry.corpora.source.Sources;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.detector.Detector;
import dev.quarry.detectors.detector.DetectorState;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.encoder.TextEncoder;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.ingest.InferenceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.fusion.AlertFusion;
import dev.quarry.detectors.fusion.FusionState;
import org.junit.jupiter.api.Test;

/**
 * Every client detector of the topology, alone, on every archetype of the traffic generator over
 * many seeds: no detector of a distillation-specific evidence group may reach fusion's
 * {@code medium} on a benign archetype, since it would publish a detection alone. Supporting
 * detectors (templates, request style, query distribution, launch timing, automation) may score
 * high on a legitimate product: their scores are printed, and fusion keeps them under {@code low}
 * without specific evidence. The client's fused score (the {@code fused} column: all detectors
 * through {@link AlertFusion}, as the topology fuses them) may not reach {@code medium} either:
 * that is the alert a product would get. The score that counts is the
 * highest one a detector reports while the client runs (a later 0 withdraws the finding, but the
 * alert was already raised). Each client's events go in order through each detector with fresh
 * state and the features {@code ClientDetectionProcessor} computes (the templated-query MinHash
 * family and the configured default encoder).
 *
 * <p>Two text settings: the built-in phrase banks without reference sets (what a fresh clone has),
 * and, when {@code ../shared/corpora} exists, its public prompt sets as both the generator's text
 * and timing source and the reference index of {@code benchmark_harvesting} (loaded as
 * {@code reference.dir} is), so that students pasting GSM8K items and judges asking MT-bench are
 * looked up against the sets harvesters walk.
 *
 * <p>The (archetype x detector) tables of maximum scores are printed for the benign and the attack
 * archetypes, so a developer sees which detector carries which family and how close each benign
 * family comes to medium. The default sweep is sized to run in a few minutes on two cores;
 * system properties widen it: {@code quarry.sweep.benign.seeds}, {@code .clients},
 * {@code .max_events}, {@code .hours}, and the same under {@code quarry.sweep.attack} (seeds 1..10,
 * three clients each and 3,000 events per client take about ten minutes per text setting), and
 * {@code quarry.sweep.only} keeps the named archetypes only.
 * Archetypes are scanned in parallel: detectors, encoder and reference index are thread-safe, and
 * each task has its own generator and detector states.
 */
class DetectorsOnBenignArchetypesTest {
    private static final Path CORPORA = Path.of(System.getProperty("quarry.corpora", "../../shared/corpora"));
    private static final Sweep BENIGN = Sweep.fromProperties("quarry.sweep.benign", 4, 1, 1_500);
    /** Printed only, so one seed: enough to see which detector carries which family. */
    private static final Sweep ATTACK = Sweep.fromProperties("quarry.sweep.attack", 1, 1, 1_000);
    private static final int EVIDENCE_CHARS = 600;
    /** The column of the client's fused score. */
    private static final String FUSED = "fused";
    private static ReferenceLookup sharedReference;

    @Test
    void noSpecificDetectorReachesMediumOnABenignArchetypeWithBuiltInText() throws Exception {
        DetectionConfig config = new DetectionConfig();
        Scan benign = scan(config, Label.BENIGN, BENIGN, Sources.builtIn(), ReferenceLookup.none());
        System.out.println(benign.table("benign archetypes, built-in text, no reference sets"));
        assertNoneAtMedium(benign, config.fusion().medium());
    }

    @Test
    void noSpecificDetectorReachesMediumOnABenignArchetypeWithThePublicPromptSets() throws Exception {
        assumeTrue(Files.isDirectory(CORPORA), "no ../shared/corpora in this checkout");
        DetectionConfig config = new DetectionConfig();
        Scan benign = scan(config, Label.BENIGN, BENIGN, Sources.of(CORPORA, CORPORA), sharedReference());
        System.out.println(benign.table("benign archetypes, text and timing from " + CORPORA
                + ", reference sets from it"));
        assertNoneAtMedium(benign, config.fusion().medium());
    }

    @Test
    void printsWhichDetectorCarriesEachAttackArchetype() throws Exception {
        assumeTrue(Stream.of(ArchetypeKind.values()).anyMatch(k -> k.label() == Label.ATTACK && selected(k)),
                "no attack archetype in quarry.sweep.only");
        DetectionConfig config = new DetectionConfig();
        Scan builtIn = scan(config, Label.ATTACK, ATTACK, Sources.builtIn(), ReferenceLookup.none());
        System.out.println(builtIn.table("attack archetypes, built-in text, no reference sets"));
        assertFalse(builtIn.worst.isEmpty(), "no attack traffic was generated");
        if (Files.isDirectory(CORPORA)) {
            Scan shared = scan(config, Label.ATTACK, ATTACK, Sources.of(CORPORA, CORPORA), sharedReference());
            System.out.println(shared.table("attack archetypes, text and timing from " + CORPORA
                    + ", reference sets from it"));
        }
    }

    /** The index of the shared corpora, loaded once (it takes seconds) as {@code reference.dir} is. */
    private static synchronized ReferenceLookup sharedReference() throws Exception {
        if (sharedReference == null) {
            QuarryConfiguration.ReferenceSettings reference = new QuarryConfiguration.ReferenceSettings();
            reference.dir(CORPORA.toString());
            sharedReference = reference.cache(false).open("");
        }
        return sharedReference;
    }

    private static void assertNoneAtMedium(Scan scan, double medium) {
        List<Worst> above = scan.worst.values().stream().flatMap(m -> m.values().stream())
                .filter(w -> w.score >= medium && !scan.supporting.contains(w.detector))
                .sorted(Comparator.comparingDouble((Worst w) -> -w.score))
                .toList();
        if (above.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder();
        message.append(above.size()).append(" (benign archetype, detector) pairs reach medium (").append(medium)
                .append(") in ").append(scan.sweep).append("; worst: ").append(above.get(0).describe(Integer.MAX_VALUE))
                .append("\nall of them, worst first:");
        for (Worst w : above) {
            message.append("\n  ").append(w.describe(EVIDENCE_CHARS));
        }
        fail(message.toString());
    }

    /**
     * Every archetype of {@code label} over the sweep: each detector's highest score on any one
     * client.
     */
    private static Scan scan(DetectionConfig config, Label label, Sweep sweep, Sources sources,
            ReferenceLookup reference) {
        QuarryTopology topology = new QuarryTopology(config, new TopicNames(), new PipelineCounters(),
                QuarryTopology.Inputs.none().withReference(reference));
        double medium = config.fusion().medium();
        try {
            List<Detector<?>> detectors = topology.detectors();
            MinHasher minHasher = config.signatures().minHasher();
            TextEncoder encoder = topology.encoders().defaultEncoder();
            List<String> names = new ArrayList<>(detectors.stream().map(Detector::name).toList());
            names.add(FUSED);
            Scan scan = new Scan(sweep, names, detectors.stream().filter(d -> !d.group().specific())
                    .map(Detector::name).collect(Collectors.toSet()));
            AlertFusion fusion = new AlertFusion(config.fusion(), DetectorFinding::name);
            Stream.of(ArchetypeKind.values()).filter(k -> k.label() == label).filter(DetectorsOnBenignArchetypesTest::selected)
                    .toList().parallelStream()
                    .map(kind -> {
                        Row row = new Row(kind, medium, fusion);
                        for (long seed = 1; seed <= sweep.seeds; seed++) {
                            TrafficGenerator generator = new TrafficGenerator(CorpusSpec.empty(seed,
                                    CorpusSpec.DEFAULT_START, sweep.window).withCount(kind, sweep.clients), sources);
                            for (Map.Entry<String, List<InferenceEvent>> client
                                    : sweep.eventsByClient(generator).entrySet()) {
                                row.client(seed, client.getKey(), client.getValue(), detectors, minHasher, encoder);
                            }
                        }
                        return row;
                    })
                    .toList()
                    .forEach(scan::add);
            return scan;
        } finally {
            topology.encoders().close();
        }
    }

    /**
     * True unless {@code quarry.sweep.only} (comma-separated wire names) is set and leaves the
     * archetype out: a wider sweep of a few look-alikes, e.g.
     * {@code -Dquarry.sweep.only=benchmark_tryout,evaluation_run -Dquarry.sweep.benign.seeds=20}.
     */
    private static boolean selected(ArchetypeKind kind) {
        String only = System.getProperty("quarry.sweep.only", "").trim();
        return only.isEmpty() || List.of(only.split("\\s*,\\s*")).contains(kind.wireName());
    }

    /** Which seeds, how many clients of each archetype per seed, and how much of each client. */
    private record Sweep(int seeds, int clients, int maxEvents, Duration window) {
        /** Defaults: {@code defaultClients} per archetype and seed, a 12-hour window; {@code prefix.*} overrides. */
        static Sweep fromProperties(String prefix, int defaultSeeds, int defaultClients, int defaultMaxEvents) {
            return new Sweep(Integer.getInteger(prefix + ".seeds", defaultSeeds),
                    Integer.getInteger(prefix + ".clients", defaultClients),
                    Integer.getInteger(prefix + ".max_events", defaultMaxEvents),
                    Duration.ofHours(Integer.getInteger(prefix + ".hours", 12)));
        }

        /** Each client's first {@link #maxEvents} events, in order. */
        Map<String, List<InferenceEvent>> eventsByClient(TrafficGenerator generator) {
            Map<String, List<InferenceEvent>> byClient = new LinkedHashMap<>();
            int total = generator.clients().size();
            int full = 0;
            for (Iterator<InferenceEvent> it = generator.events(); it.hasNext() && full < total; ) {
                InferenceEvent e = it.next();
                List<InferenceEvent> events = byClient.computeIfAbsent(e.clientId(), k -> new ArrayList<>());
                if (events.size() < maxEvents) {
                    events.add(e);
                    if (events.size() == maxEvents) {
                        full++;
                    }
                }
            }
            return byClient;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "seeds 1..%d, %d client(s) per archetype and seed, <= %d events per "
                    + "client, %d h window", seeds, clients, maxEvents, window.toHours());
        }
    }

    /**
     * One detector's highest score on one archetype, with where it happened: {@code event} is the
     * 1-based index of the event it was reported at, {@code firstAtMedium} the first event at which
     * that client's score reached medium (when fusion would have published), 0 if it never did.
     */
    private record Worst(ArchetypeKind kind, String detector, long seed, String clientId, int event,
            int firstAtMedium, int events, double score, Map<String, Object> evidence) {
        String describe(int evidenceChars) {
            String ev = String.valueOf(evidence);
            if (ev.length() > evidenceChars) {
                ev = ev.substring(0, evidenceChars) + "...";
            }
            return String.format(Locale.ROOT, "%s x %s: %.4f at seed %d, client %s, event %d of %d (medium first "
                    + "at event %d), evidence %s", kind.wireName(), detector, score, seed, clientId, event, events,
                    firstAtMedium, ev);
        }
    }

    /** One archetype's clients through every detector: the worst finding per detector. Not thread-safe. */
    private static final class Row {
        private final ArchetypeKind kind;
        private final double medium;
        private final AlertFusion fusion;
        private final Map<String, Worst> worst = new LinkedHashMap<>();
        private long clients;
        private long events;

        Row(ArchetypeKind kind, double medium, AlertFusion fusion) {
            this.kind = kind;
            this.medium = medium;
            this.fusion = fusion;
        }

        void client(long seed, String clientId, List<InferenceEvent> clientEvents, List<Detector<?>> detectors,
                MinHasher minHasher, TextEncoder encoder) {
            List<Running<?>> running = detectors.stream().<Running<?>>map(Running::new).toList();
            clients++;
            events += clientEvents.size();
            FusionState fused = new FusionState();
            int fusedFirstAtMedium = 0;
            for (int i = 0; i < clientEvents.size(); i++) {
                InferenceEvent e = clientEvents.get(i);
                PromptFeatures features = PromptFeatures.of(e.request(), minHasher, encoder);
                List<DetectorFinding> findings = new ArrayList<>();
                for (Running<?> r : running) {
                    Optional<DetectorFinding> f = r.observe(e, features);
                    if (f.isEmpty()) {
                        continue;
                    }
                    findings.add(f.get());
                    double score = f.get().score();
                    if (score >= medium && r.firstAtMedium == 0) {
                        r.firstAtMedium = i + 1;
                    }
                    Worst w = worst.get(r.name());
                    if (w == null || score > w.score) {
                        worst.put(r.name(), new Worst(kind, r.name(), seed, clientId, i + 1, r.firstAtMedium,
                                clientEvents.size(), score, f.get().evidence()));
                    }
                }
                fusion.fuse(Subject.client(clientId), e.tsMillis(), e.eventId(), findings, fused, i + 1);
                double score = fused.latestScore();
                if (score >= medium && fusedFirstAtMedium == 0) {
                    fusedFirstAtMedium = i + 1;
                }
                Worst w = worst.get(FUSED);
                if (w == null || score > w.score) {
                    Map<String, Object> evidence = new LinkedHashMap<>();
                    findings.forEach(f -> evidence.put(f.name(), f.group().wireName() + " " + f.score()));
                    worst.put(FUSED, new Worst(kind, FUSED, seed, clientId, i + 1, fusedFirstAtMedium,
                            clientEvents.size(), score, evidence));
                }
            }
        }
    }

    /** The worst finding per (archetype, detector) of one sweep. Not thread-safe. */
    private static final class Scan {
        private final Sweep sweep;
        private final List<String> detectorNames;
        private final Map<ArchetypeKind, Map<String, Worst>> worst = new EnumMap<>(ArchetypeKind.class);
        private final Map<ArchetypeKind, long[]> clientsAndEvents = new EnumMap<>(ArchetypeKind.class);

        /** Detectors of supporting evidence groups: printed, not asserted. */
        private final java.util.Set<String> supporting;

        Scan(Sweep sweep, List<String> detectorNames, java.util.Set<String> supporting) {
            this.sweep = sweep;
            this.detectorNames = detectorNames;
            this.supporting = supporting;
        }

        void add(Row row) {
            worst.put(row.kind, row.worst);
            clientsAndEvents.put(row.kind, new long[] {row.clients, row.events});
        }

        /** Archetypes down, detectors across: the highest score and the seed it came from. */
        String table(String title) {
            Map<String, String> codes = codes(detectorNames);
            StringBuilder out = new StringBuilder();
            out.append("\n== ").append(title).append(": max score per (archetype, detector); ").append(sweep)
                    .append("; cell = score@seed, '.' = never reported above 0\n");
            out.append(String.format(Locale.ROOT, "%-28s %7s %8s", "archetype", "clients", "events"));
            for (String d : detectorNames) {
                out.append(String.format(Locale.ROOT, " %9s", codes.get(d)));
            }
            out.append('\n');
            for (Map.Entry<ArchetypeKind, Map<String, Worst>> row : worst.entrySet()) {
                long[] counts = clientsAndEvents.get(row.getKey());
                out.append(String.format(Locale.ROOT, "%-28s %7d %8d", row.getKey().wireName(), counts[0], counts[1]));
                for (String d : detectorNames) {
                    Worst w = row.getValue().get(d);
                    String cell = w == null || w.score == 0 ? "." : String.format(Locale.ROOT, "%.3f@%d", w.score, w.seed);
                    out.append(String.format(Locale.ROOT, " %9s", cell));
                }
                out.append('\n');
            }
            out.append("columns: ").append(codes.entrySet().stream().map(c -> c.getValue() + "=" + c.getKey())
                    .collect(Collectors.joining(", "))).append('\n');
            return out.toString();
        }

        /** Short column names: the initials of a detector's snake_case name. */
        private static Map<String, String> codes(List<String> names) {
            Map<String, String> codes = new LinkedHashMap<>();
            Map<String, Integer> taken = new HashMap<>();
            for (String name : names) {
                String code = Arrays.stream(name.split("_")).map(p -> p.substring(0, 1)).collect(Collectors.joining());
                int n = taken.merge(code, 1, Integer::sum);
                codes.put(name, n == 1 ? code : code + n);
            }
            return codes;
        }
    }

    /** One detector and one client's state, fresh per client. Not thread-safe. */
    private static final class Running<S extends DetectorState> {
        private final Detector<S> detector;
        private final S state;
        private int firstAtMedium;

        Running(Detector<S> detector) {
            this.detector = detector;
            this.state = detector.newState();
        }

        String name() {
            return detector.name();
        }

        Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features) {
            return detector.observe(event, features, state);
        }
    }
}
