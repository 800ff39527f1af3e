package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.LaunchPivotConfig;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LaunchPivotDetectorTest {
    private static final Instant LAUNCH = Traffic.T0.plus(Duration.ofHours(10));
    private static final String[] SUBJECTS = {"photosynthesis", "inflation", "binary search trees", "the French Revolution",
        "plate tectonics", "supply chains", "the immune response", "quantum tunnelling", "game theory", "monetary policy",
        "TCP congestion control", "protein folding", "the water cycle", "public key cryptography", "the Roman Republic"};
    private static final String[] ASPECTS = {"history", "mechanism", "main criticisms", "practical uses", "open problems",
        "key equations", "common misconceptions", "economic impact"};
    private static final String[] CHAT = {"what should I cook tonight with leeks and rice",
        "my cat keeps scratching the sofa, any tips?", "help me write a birthday message for my sister",
        "is it worth learning rust in 2026", "why is the sky red at sunset", "recommend a sci fi novel like dune",
        "how do I fix a leaking tap washer", "plan a three day trip to lisbon on a budget",
        "what is the difference between a virus and bacteria", "explain compound interest simply",
        "can you proofread: their going to the park tomorow", "ideas for a team offsite in autumn"};

    private static String templated(Random rnd) {
        return "Topic: " + SUBJECTS[rnd.nextInt(SUBJECTS.length)] + ", " + ASPECTS[rnd.nextInt(ASPECTS.length)]
                + ". Provide a complete, expert-level answer with detailed reasoning and cite the key ideas.";
    }

    /** Slow harvest of the old model, then, {@code delay} after the launch, the same template on the new one, fast. */
    private static List<InferenceEvent> pivot(String client, Duration delay, long seed) {
        Random rnd = new Random(seed);
        List<InferenceEvent> out = new ArrayList<>();
        long t = Traffic.T0.toEpochMilli();
        long switchAt = LAUNCH.plus(delay).toEpochMilli();
        long end = switchAt + Duration.ofHours(4).toMillis();
        int i = 0;
        while (t < end) {
            boolean after = t >= switchAt;
            out.add(EventBuilder.event(client + "-" + i++).client(client).at(t).model(after ? "orion-2" : "orion-large")
                    .user(templated(rnd)).maxTokens(4096).completionTokens(1500).build());
            t += after ? 2_000 + rnd.nextInt(6_000) : 60_000 + rnd.nextInt(180_000);
        }
        return out;
    }

    /** A person who tries the new model soon after launch: varied chat, minutes apart. */
    private static List<InferenceEvent> earlyAdopter(String client, long seed) {
        Random rnd = new Random(seed);
        List<InferenceEvent> out = new ArrayList<>();
        long t = Traffic.T0.minus(Duration.ofDays(3)).toEpochMilli();
        long switchAt = LAUNCH.plus(Duration.ofMinutes(30)).toEpochMilli();
        long end = switchAt + Duration.ofDays(2).toMillis();
        int i = 0;
        while (t < end) {
            boolean after = t >= switchAt;
            boolean curious = after && t < switchAt + Duration.ofHours(2).toMillis();
            out.add(EventBuilder.event(client + "-" + i++).client(client).at(t).model(after ? "orion-2" : "orion-large")
                    .user(CHAT[rnd.nextInt(CHAT.length)] + (rnd.nextBoolean() ? "" : " - " + SUBJECTS[rnd.nextInt(SUBJECTS.length)]))
                    .temperature(0.8).completionTokens(300).build());
            t += (long) ((curious ? 2 : 8) * 60_000 * (0.2 + 2 * rnd.nextDouble()));
        }
        return out;
    }

    @Test
    void flagsATemplatedWorkloadMovingToTheNewModelAtVolume() {
        DetectorFinding f = new DetectorHarness<>(new LaunchPivotDetector(new LaunchPivotConfig()))
                .feed(pivot("key_p", Duration.ofMinutes(40), 1)).last().orElseThrow();
        assertTrue(f.score() >= 0.5 && f.score() <= 0.6, "score " + f.score());
        assertEquals("orion-2", f.evidence().get("new_model"));
        assertTrue(((Number) f.evidence().get("share_matching_old_workload")).doubleValue() > 0.6);
    }

    @Test
    void weighsAListedLaunchByHowSoonTheClientMoved() {
        LaunchPivotConfig config = new LaunchPivotConfig();
        config.launches().add(new LaunchPivotConfig.Launch("orion-2", LAUNCH));
        LaunchPivotDetector detector = new LaunchPivotDetector(config);
        DetectorFinding soon = new DetectorHarness<>(detector).feed(pivot("key_p", Duration.ofHours(2), 2))
                .last().orElseThrow();
        DetectorFinding late = new DetectorHarness<>(detector).feed(pivot("key_p", Duration.ofDays(3), 2))
                .last().orElseThrow();
        assertEquals(2.0, ((Number) soon.evidence().get("hours_after_launch")).doubleValue(), 0.1);
        assertTrue(soon.score() >= 0.55, "soon " + soon.score());
        assertTrue(late.score() < 0.35, "late " + late.score());
    }

    @Test
    void doesNotFlagAnEarlyAdopterChattingWithTheNewModel() {
        DetectorHarness<LaunchPivotDetector.State> h = new DetectorHarness<>(new LaunchPivotDetector(new LaunchPivotConfig()))
                .feed(earlyAdopter("key_e", 3));
        assertEquals(0.0, h.maxScore());
    }

    @Test
    void keepsAHighVolumeSwitchWithANewWorkloadAtWatchLevel() {
        Random rnd = new Random(5);
        List<InferenceEvent> events = new ArrayList<>(pivot("key_p", Duration.ofMinutes(20), 5));
        List<InferenceEvent> changed = new ArrayList<>();
        for (InferenceEvent e : events) {
            changed.add("orion-2".equals(e.model())
                    ? EventBuilder.from(e).messages(List.of()).user(CHAT[rnd.nextInt(CHAT.length)] + " " + rnd.nextInt(1000)
                            + " " + SUBJECTS[rnd.nextInt(SUBJECTS.length)]).build()
                    : e);
        }
        double max = new DetectorHarness<>(new LaunchPivotDetector(new LaunchPivotConfig())).feed(changed).maxScore();
        assertTrue(max <= 0.25, "max " + max);
        // With 16-slot signatures (detection.signatures.slots) only those slots are compared:
        // padding the rest would make any two prompts match, and the new workload look like the old.
        double shorter = new DetectorHarness<>(new LaunchPivotDetector(new LaunchPivotConfig()),
                new MinHasher(16, 0x51A2_77E5L)).feed(changed).maxScore();
        assertTrue(shorter <= 0.25, "16 slots: max " + shorter);
    }
}
