package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.corpora.archetype.Label;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.detectors.detector.Detector;
import dev.quarry.detectors.detector.DetectorContext;
import dev.quarry.detectors.detector.DetectorRegistry;
import dev.quarry.detectors.detector.DetectorState;
import dev.quarry.detectors.detector.RequestDistillationScorer;
import dev.quarry.detectors.encoder.TextEncoders;
import dev.quarry.detectors.fusion.AlertFusion;
import dev.quarry.detectors.fusion.FusionState;
import dev.quarry.detectors.watermark.WatermarkChecks;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every per-client detector of specific evidence, and the client's fused alert, run on every
 * legitimate archetype of the generator with per-client parameters drawn afresh for each of many
 * clients and seeds, stays below {@code medium}: the randomised archetypes are the legitimate
 * counterparts of the attack families, and a detector that reaches {@code medium} on one of them
 * flags a product at its first customer. Generic detectors (templates, wording, query
 * distribution, automation) are held to the fused outcome only: they may score high on a product
 * and only support. The bar is at most {@value #TOLERATED} client of the {@code CLIENTS x SEEDS}
 * per archetype (the evaluation's acceptance is at most 1 of 50 per family); the report printed
 * names every archetype and detector that came near, with its highest score.
 */
class BenignArchetypesBelowMediumTest {
    private static final int CLIENTS = 12;
    private static final long[] SEEDS = {11, 12};
    private static final Duration WINDOW = Duration.ofHours(12);
    private static final int TOLERATED = 1;

    @Test
    void noDetectorReachesMediumOnALegitimateArchetype() {
        DetectionConfig config = new DetectionConfig();
        double medium = config.fusion.medium;
        Map<String, Integer> clients = new TreeMap<>();
        Map<String, Integer> atMedium = new TreeMap<>();
        Map<String, Double> highest = new TreeMap<>();
        StringBuilder examples = new StringBuilder();
        try (TextEncoders encoders = new TextEncoders(config.encoders)) {
            List<Detector<?>> detectors = DetectorRegistry.of(config, new WatermarkConfig()).create(new DetectorContext(
                    config.signatures, encoders, ReferenceLookup.none(), new RequestDistillationScorer(),
                    WatermarkChecks.off()));
            MinHasher hasher = config.signatures.minHasher();
            AlertFusion fusion = new AlertFusion(config.fusion, DetectorFinding::name);
            for (ArchetypeKind kind : ArchetypeKind.values()) {
                if (kind.label() != Label.BENIGN || kind.isOptIn()) {
                    continue;
                }
                for (long seed : SEEDS) {
                    TrafficGenerator generator = new TrafficGenerator(
                            CorpusSpec.empty(seed, CorpusSpec.DEFAULT_START, WINDOW).withCount(kind, CLIENTS));
                    Map<String, List<InferenceEvent>> byClient = new LinkedHashMap<>();
                    for (Iterator<InferenceEvent> it = generator.events(); it.hasNext(); ) {
                        InferenceEvent e = it.next();
                        byClient.computeIfAbsent(e.clientId(), k -> new ArrayList<>()).add(e);
                    }
                    for (List<InferenceEvent> events : byClient.values()) {
                        List<PromptFeatures> features = new ArrayList<>(events.size());
                        for (InferenceEvent e : events) {
                            features.add(PromptFeatures.of(e.request(), hasher, encoders.defaultEncoder()));
                        }
                        List<List<DetectorFinding>> perEvent = new ArrayList<>();
                        for (int i = 0; i < events.size(); i++) {
                            perEvent.add(new ArrayList<>());
                        }
                        for (Detector<?> d : detectors) {
                            double max = run(d, events, features, perEvent);
                            if (!d.group().specific()) {
                                continue; // generic evidence: only the fused outcome below counts
                            }
                            String key = kind.wireName() + " / " + d.name();
                            clients.merge(key, 1, Integer::sum);
                            highest.merge(key, max, Math::max);
                            if (max >= medium) {
                                atMedium.merge(key, 1, Integer::sum);
                            }
                        }
                        String key = kind.wireName() + " / fused alert";
                        Alert top = fusedTop(fusion, events, perEvent);
                        double fused = top == null ? 0 : top.score();
                        if (fused >= medium) {
                            examples.append(kind.wireName()).append(": ").append(top.summary()).append('\n');
                        }
                        clients.merge(key, 1, Integer::sum);
                        highest.merge(key, fused, Math::max);
                        if (fused >= medium) {
                            atMedium.merge(key, 1, Integer::sum);
                        }
                    }
                }
            }
        }
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, Integer> e : clients.entrySet()) {
            int n = atMedium.getOrDefault(e.getKey(), 0);
            if (n > 0 || highest.get(e.getKey()) >= 0.3) {
                report.append(String.format("%-55s %3d / %3d at medium, highest %.2f%n", e.getKey(), n, e.getValue(),
                        highest.get(e.getKey())));
            }
        }
        report.append(examples);
        System.out.println(report);
        assertTrue(atMedium.values().stream().allMatch(n -> n <= TOLERATED), report::toString);
    }

    /** Runs one detector over the client's events, collecting its findings per event; returns its highest score. */
    private static <S extends DetectorState> double run(Detector<S> detector, List<InferenceEvent> events,
            List<PromptFeatures> features, List<List<DetectorFinding>> perEvent) {
        S state = detector.newState();
        double max = 0;
        for (int i = 0; i < events.size(); i++) {
            Optional<DetectorFinding> f = detector.observe(events.get(i), features.get(i), state);
            if (f.isPresent()) {
                max = Math.max(max, f.get().score());
                perEvent.get(i).add(f.get());
            }
        }
        return max;
    }

    /** The client's alert version with the highest score, as fusion publishes them event by event; null without one. */
    private static Alert fusedTop(AlertFusion fusion, List<InferenceEvent> events, List<List<DetectorFinding>> perEvent) {
        FusionState state = new FusionState();
        Alert top = null;
        for (int i = 0; i < events.size(); i++) {
            InferenceEvent e = events.get(i);
            Optional<Alert> alert = fusion.fuse(Subject.client(e.clientId()), e.tsMillis(), e.eventId(), perEvent.get(i),
                    state, i + 1);
            if (alert.isPresent() && (top == null || alert.get().score() > top.score())) {
                top = alert.get();
            }
        }
        return top;
    }
}
