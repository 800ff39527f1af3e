package dev.quarry.corpora.bench.jmh;

import dev.quarry.corpora.bench.SyntheticCorpus;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.detector.Detector;
import dev.quarry.detectors.detector.DetectorState;
import dev.quarry.detectors.detector.LogitBiasSweepDetector;
import dev.quarry.detectors.detector.TemplatedQueryDetector;
import dev.quarry.detectors.fusion.AlertFusion;
import dev.quarry.detectors.state.ClientProfile;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Events and per-client state for the microbenchmarks, built the way the topology builds them. */
final class Fixtures {
    static final DetectionConfig CONFIG = new DetectionConfig();
    static final String SHORT_PROMPT = "How do I reverse a linked list in Java?";
    static final String LONG_PROMPT = longPrompt();

    private Fixtures() {}

    /** A typical chat call: system and user messages, sampling options, a response summary. */
    static InferenceEvent chatEvent() {
        return EventBuilder.event("evt-7f3a9c2e-0001").client("key_live_4821").org("org_acme")
                .ip("203.0.113.54").userAgent("openai-python/1.54.0").tlsFingerprint("t13d1516h2_8daaf6152771")
                .system("You are a helpful assistant.")
                .user("Can you explain how Kafka Streams exactly-once processing works, in a few paragraphs?")
                .temperature(0.7).topP(1.0).maxTokens(800).stream(true)
                .responseText("Exactly-once processing in Kafka Streams relies on transactions ...")
                .finishReason("stop").promptTokens(38).completionTokens(412).latencyMs(2310).build();
    }

    /** A logit-bias sweep call: one output token, logprobs, {@code ids} biased token ids. */
    static InferenceEvent logitBiasEvent(int ids) {
        EventBuilder b = EventBuilder.event("evt-sweep-0001").client("key_sweep").prompt("The quick brown fox")
                .maxTokens(1).logprobs(true).topLogprobs(5).completionTokens(1).promptTokens(5);
        for (int i = 0; i < ids; i++) {
            b.bias(30_000 + i * 3, 100);
        }
        return b.build();
    }

    /** Two detectors in topology order; {@link #minHasher} gives the prompt signatures they read. */
    static List<Detector<?>> detectors() {
        return List.of(new LogitBiasSweepDetector(CONFIG.logitBiasSweep()),
                new TemplatedQueryDetector(CONFIG.templatedQueries()));
    }

    static MinHasher minHasher() {
        return CONFIG.signatures().minHasher();
    }

    /** The {@code n} first events of synthetic client {@code client} (see {@link SyntheticCorpus#kindOf}). */
    static List<InferenceEvent> clientEvents(int client, int n) {
        SyntheticCorpus corpus = new SyntheticCorpus(client + 1, n, 42);
        List<InferenceEvent> events = new ArrayList<>(n);
        for (int round = 0; round < n; round++) {
            events.add(corpus.event((long) round * corpus.clients() + client));
        }
        return events;
    }

    /** A client's profile after its events went through every detector and fusion, as in the topology. */
    static ClientProfile profileAfter(List<InferenceEvent> events) {
        List<Detector<?>> detectors = detectors();
        MinHasher hasher = minHasher();
        AlertFusion fusion = new AlertFusion(CONFIG.fusion(), DetectorFinding::name);
        ClientProfile profile = new ClientProfile();
        for (InferenceEvent e : events) {
            profile = ClientProfile.decode(profile.encode());
            profile.recordEvent(e.tsMillis());
            PromptFeatures f = PromptFeatures.of(e.request(), hasher);
            List<DetectorFinding> findings = new ArrayList<>();
            for (Detector<?> d : detectors) {
                observe(d, e, f, profile).ifPresent(findings::add);
            }
            fusion.fuse(Subject.client(e.clientId()), e.tsMillis(), e.eventId(), findings, profile.fusion(),
                    profile.events());
        }
        return profile;
    }

    static <S extends DetectorState> Optional<DetectorFinding> observe(Detector<S> d, InferenceEvent e,
            PromptFeatures f, ClientProfile p) {
        return d.observe(e, f, p.state(d));
    }

    private static String longPrompt() {
        StringBuilder sb = new StringBuilder();
        String[] sentences = {
            "Summarise the following quarterly report for the board, keeping every figure exact.",
            "Revenue rose 12% to $4.2 million on order 88231, while costs at https://example.com/costs fell.",
            "The team shipped the \"Orion\" release on 2026-10-14 and closed ticket ABC-1234 ahead of plan.",
            "Customer churn was 3.1% against a target of 2.5%, mostly in the small-business segment.",
        };
        for (int i = 0; sb.length() < 4000; i++) {
            sb.append(sentences[i % sentences.length]).append(' ');
        }
        return sb.toString().trim();
    }
}
