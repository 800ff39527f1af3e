package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.WatermarkTraffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.WatermarkConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.fingerprint.tokenizer.HuggingFaceTokenIds;
import dev.quarry.fingerprint.watermark.GreenListScheme;
import java.io.InputStream;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WatermarkEchoDetectorTest {
    private final WatermarkConfig config = WatermarkTraffic.config();
    private final GreenListScheme scheme = WatermarkTraffic.scheme(config);
    private final WatermarkEchoDetector detector = new WatermarkEchoDetector(config, scheme, WatermarkTraffic.tokenizer());

    /** A self-instruct loop: every prompt is an earlier output of the endpoint, fed back in. */
    private List<InferenceEvent> selfInstructLoop(String client, int prompts) {
        Random rnd = new Random(7);
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            String text = "Generate a new task like this one: " + WatermarkTraffic.text(WatermarkTraffic.watermarked(scheme, 120, rnd));
            out.add(WatermarkTraffic.prompt(client, i, text));
        }
        return out;
    }

    /** A chat user: long plain prompts, with {@code pasted} earlier answers pasted back in among them. */
    private List<InferenceEvent> chatUser(String client, int prompts, int pasted) {
        Random rnd = new Random(3);
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            int[] tokens = i % (prompts / Math.max(1, pasted)) == 1 && i / (prompts / Math.max(1, pasted)) < pasted
                    ? WatermarkTraffic.watermarked(scheme, 150, rnd) : WatermarkTraffic.plain(80, rnd);
            out.add(WatermarkTraffic.prompt(client, i, "please rewrite: " + WatermarkTraffic.text(tokens)));
        }
        return out;
    }

    @Test
    void flagsAClientFeedingWatermarkedOutputsBackAsPrompts() {
        DetectorHarness<WatermarkEchoDetector.State> h = new DetectorHarness<>(detector).feed(selfInstructLoop("key_loop", 40));
        DetectorFinding f = h.last().orElseThrow();
        assertTrue(f.score() >= 0.7, "score " + f.score());
        assertEquals(40L, f.evidence().get("watermarked_prompts"));
        assertTrue(((Number) f.evidence().get("max_z")).doubleValue() >= 8, "max z " + f.evidence().get("max_z"));
    }

    @Test
    void staysLowOnTheFirstFewWatermarkedPromptsOfALoop() {
        DetectorHarness<WatermarkEchoDetector.State> h = new DetectorHarness<>(detector).feed(selfInstructLoop("key_loop", 3));
        assertTrue(h.last().orElseThrow().score() < 0.5, "score " + h.last().orElseThrow().score());
        assertTrue(new DetectorHarness<>(detector).feed(selfInstructLoop("key_loop", 2)).last().isEmpty());
    }

    @Test
    void doesNotFlagAChatUserWhoPastesOneWatermarkedAnswer() {
        DetectorHarness<WatermarkEchoDetector.State> h = new DetectorHarness<>(detector).feed(chatUser("key_chat", 40, 1));
        assertEquals(1L, h.state().watermarkedPrompts());
        assertTrue(h.last().isEmpty());
        assertEquals(0.0, h.maxScore());
    }

    @Test
    void keepsAChatUserWhoPastesThreeAnswersWellUnderLow() {
        DetectorHarness<WatermarkEchoDetector.State> h = new DetectorHarness<>(detector).feed(chatUser("key_chat", 60, 3));
        assertEquals(3L, h.state().watermarkedPrompts());
        assertTrue(h.maxScore() < 0.25, "score " + h.maxScore());
    }

    @Test
    void doesNotFlagPlainPrompts() {
        DetectorHarness<WatermarkEchoDetector.State> h = new DetectorHarness<>(detector).feed(chatUser("key_plain", 300, 0));
        assertEquals(0L, h.state().watermarkedPrompts());
        assertTrue(h.state().promptsScored() >= 290, "scored " + h.state().promptsScored());
        assertTrue(h.last().isEmpty());
    }

    @Test
    void doesNotFlagHumanChatWithItsOwnRealText() {
        assertTrue(new DetectorHarness<>(detector).feed(Traffic.humanChat("key_h", 150, 1)).last().isEmpty());
    }

    @Test
    void doesNotScoreWatermarkedAssistantTurnsOfAChatHistory() {
        Random rnd = new Random(5);
        List<InferenceEvent> chat = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            chat.add(EventBuilder.event("c-" + i).client("key_multi").at(Traffic.T0.plus(Duration.ofMinutes(i)))
                    .user("question " + WatermarkTraffic.text(WatermarkTraffic.plain(70, rnd)))
                    .assistant(WatermarkTraffic.text(WatermarkTraffic.watermarked(scheme, 200, rnd)))
                    .user("and what about this? " + WatermarkTraffic.text(WatermarkTraffic.plain(70, rnd))).build());
        }
        DetectorHarness<WatermarkEchoDetector.State> h = new DetectorHarness<>(detector).feed(chat);
        assertEquals(0L, h.state().watermarkedPrompts());
        assertTrue(h.last().isEmpty());
    }

    @Test
    void countsAWatermarkedPromptRetriedVerbatimOnce() {
        String text = WatermarkTraffic.text(WatermarkTraffic.watermarked(scheme, 120, new Random(9)));
        List<InferenceEvent> retries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            retries.add(WatermarkTraffic.prompt("key_retry", i, text));
        }
        DetectorHarness<WatermarkEchoDetector.State> h = new DetectorHarness<>(detector).feed(retries);
        assertEquals(1L, h.state().watermarkedPrompts());
        assertTrue(h.last().isEmpty());
    }

    @Test
    void scoresTheSameSampleOfPromptsOnEveryRun() {
        config.echo.sampleRate = 0.5;
        WatermarkEchoDetector sampled = new WatermarkEchoDetector(config, scheme, WatermarkTraffic.tokenizer());
        long first = new DetectorHarness<>(sampled).feed(selfInstructLoop("key_loop", 60)).state().watermarkedPrompts();
        long again = new DetectorHarness<>(sampled).feed(selfInstructLoop("key_loop", 60)).state().watermarkedPrompts();
        assertEquals(first, again);
        assertTrue(first > 15 && first < 45, "sampled " + first);
    }

    @Test
    void ignoresPromptsTooShortToScore() {
        Random rnd = new Random(1);
        List<InferenceEvent> shortOnes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            shortOnes.add(WatermarkTraffic.prompt("key_short", i, WatermarkTraffic.text(WatermarkTraffic.watermarked(scheme, 30, rnd))));
        }
        DetectorHarness<WatermarkEchoDetector.State> h = new DetectorHarness<>(detector).feed(shortOnes);
        assertEquals(0L, h.state().promptsScored());
        assertTrue(h.last().isEmpty());
    }

    @Test
    void flagsWatermarkedTextThroughARealHuggingFaceTokenizer() throws Exception {
        // Words that are whole tokens of the BERT uncased vocabulary, chosen green after their
        // predecessor as a watermarking sampler over that vocabulary would: the detector only sees text.
        JsonNode vocab;
        try (InputStream in = getClass().getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            vocab = new ObjectMapper().readTree(in).path("model").path("vocab");
        }
        List<String> words = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        vocab.fields().forEachRemaining(e -> {
            if (e.getKey().matches("[a-z]{4,}")) {
                words.add(e.getKey());
                ids.add(e.getValue().asInt());
            }
        });
        Random rnd = new Random(12);
        List<InferenceEvent> loop = new ArrayList<>();
        for (int p = 0; p < 30; p++) {
            StringBuilder text = new StringBuilder();
            int prev = -1;
            for (int i = 0; i < 90; i++) {
                boolean wantGreen = rnd.nextDouble() < WatermarkTraffic.GREEN_SHARE;
                int k;
                do {
                    k = rnd.nextInt(words.size());
                } while (prev >= 0 && scheme.isGreen(prev, ids.get(k)) != wantGreen);
                text.append(words.get(k)).append(' ');
                prev = ids.get(k);
            }
            loop.add(WatermarkTraffic.prompt("key_real", p, text.toString().trim()));
        }
        try (InputStream in = getClass().getResourceAsStream("/all-minilm-l6-v2-tokenizer.json");
                HuggingFaceTokenIds tokenizer = HuggingFaceTokenIds.load(in)) {
            WatermarkEchoDetector real = new WatermarkEchoDetector(config, scheme, tokenizer);
            DetectorFinding f = new DetectorHarness<>(real).feed(loop).last().orElseThrow();
            assertEquals(30L, f.evidence().get("watermarked_prompts"));
            assertTrue(f.score() >= 0.7, "score " + f.score());
            assertTrue(new DetectorHarness<>(real).feed(Traffic.humanChat("key_h", 150, 1)).last().isEmpty());
        }
    }

    @Test
    void evidenceHoldsZScoresAndATruncatedSampleButNeverTheKey() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(selfInstructLoop("key_loop", 10)).last().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Double> recent = (List<Double>) f.evidence().get("recent_z");
        assertEquals(WatermarkEchoDetector.RECENT_Z, recent.size());
        assertTrue(recent.stream().allMatch(z -> z >= config.zThreshold), recent.toString());
        String sample = (String) f.evidence().get("sample");
        assertEquals(config.echo.sampleChars, sample.length());
        assertTrue(sample.startsWith("Generate a new task"), sample);
        String all = f.evidence().toString().toLowerCase();
        assertFalse(all.contains(WatermarkTraffic.KEY_HEX));
        assertFalse(all.contains(Long.toString(config.secretKey())));
        assertFalse(all.contains(Long.toUnsignedString(config.secretKey())));
    }
}
