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
import dev.quarry.fingerprint.stats.Binomial;
import dev.quarry.fingerprint.stats.NormalDistribution;
import dev.quarry.fingerprint.tokenizer.HuggingFaceTokenIds;
import dev.quarry.fingerprint.watermark.GreenListScheme;
import dev.quarry.fingerprint.watermark.WatermarkScore;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
        assertTrue(((Number) f.evidence().get("min_prompt_log10_p")).doubleValue() <= -12, f.evidence().toString());
        assertTrue(((Number) f.evidence().get("client_log10_p")).doubleValue() < -100, f.evidence().toString());
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
        config.echo().sampleRate(0.5);
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
    void evidenceHoldsExactPValuesAndATruncatedSampleButNeverTheKey() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(selfInstructLoop("key_loop", 10)).last().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Double> recent = (List<Double>) f.evidence().get("recent_prompt_log10_p");
        assertEquals(WatermarkEchoDetector.RECENT_P, recent.size());
        double promptAlpha = WatermarkEchoDetector.promptAlpha(config);
        assertEquals(NormalDistribution.upperTail(4.0), promptAlpha);
        assertTrue(recent.stream().allMatch(p -> p <= Math.log10(promptAlpha)), recent.toString());
        assertEquals(10L, f.evidence().get("prompts_scored"));
        assertEquals(10L, f.evidence().get("watermarked_prompts"));
        assertEquals(3.17e-4, (Double) f.evidence().get("expected_watermarked"), 1e-12);
        assertEquals(Binomial.log10UpperTail(10, 10, promptAlpha), (Double) f.evidence().get("client_log10_p"), 1e-4);
        assertEquals(1e-6 * 3 / (10 * 11), (Double) f.evidence().get("client_level"), 1e-15);
        String sample = (String) f.evidence().get("sample");
        assertEquals(config.echo().sampleChars(), sample.length());
        assertTrue(sample.startsWith("Generate a new task"), sample);
        String all = f.evidence().toString().toLowerCase();
        assertFalse(all.contains(WatermarkTraffic.KEY_HEX));
        assertFalse(all.contains(Long.toString(config.secretKey())));
        assertFalse(all.contains(Long.toUnsignedString(config.secretKey())));
    }
    /** {@code scored + 1} tokens whose distinct pairs are exactly {@code green} green of {@code scored}. */
    private int[] withGreen(int scored, int green, Random rnd) {
        List<Boolean> wanted = new ArrayList<>();
        for (int i = 0; i < scored; i++) {
            wanted.add(i < green);
        }
        Collections.shuffle(wanted, rnd);
        int[] out = new int[scored + 1];
        out[0] = rnd.nextInt(WatermarkTraffic.VOCAB);
        for (int i = 1; i <= scored; i++) {
            int t;
            do {
                t = rnd.nextInt(WatermarkTraffic.VOCAB);
            } while (scheme.isGreen(out[i - 1], t) != wanted.get(i - 1));
            out[i] = t;
        }
        WatermarkScore s = scheme.score(out, true);
        assertEquals(scored, s.scored());
        assertEquals(green, s.green());
        return out;
    }

    /** {@code sum_{i >= green} C(scored, i) 3^(scored - i) / 4^scored}: the tail at gamma = 1/4, in integers. */
    private static double handComputedTail(int scored, int green) {
        BigInteger sum = BigInteger.ZERO;
        for (int i = green; i <= scored; i++) {
            BigInteger choose = BigInteger.ONE;
            for (int j = 1; j <= i; j++) {
                choose = choose.multiply(BigInteger.valueOf(scored - i + j)).divide(BigInteger.valueOf(j));
            }
            sum = sum.add(choose.multiply(BigInteger.valueOf(3).pow(scored - i)));
        }
        return new BigDecimal(sum).divide(new BigDecimal(BigInteger.valueOf(4).pow(scored)), MathContext.DECIMAL64).doubleValue();
    }

    @Test
    void promptTailIsTheExactBinomialTail() {
        // T = 50, G = 27: 1.0941e-5 by the integer sum; G = 25 (z = 4.08): 1.2251e-4, four times the normal 3.2e-5.
        double at27 = handComputedTail(50, 27);
        double at25 = handComputedTail(50, 25);
        assertEquals(at27, Math.pow(10, WatermarkEchoDetector.promptLog10P(50, 27, 0.25)), at27 * 1e-10);
        assertEquals(at25, Math.pow(10, WatermarkEchoDetector.promptLog10P(50, 25, 0.25)), at25 * 1e-10);
        assertEquals(1.0941e-5, at27, 1e-9);
        assertEquals(1.2251e-4, at25, 1e-8);
        assertTrue(GreenListScheme.zScore(50, 25, 0.25) >= 4);
    }

    @Test
    void countsAPromptOnlyWhenItsExactTailIsAtMostThePromptLevel() {
        Random rnd = new Random(21);
        List<InferenceEvent> prompts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // z 4.08, but an exact tail of 1.2e-4: not watermarked at 3.2e-5
            prompts.add(WatermarkTraffic.prompt("key_edge", i, WatermarkTraffic.text(withGreen(50, 25, rnd))));
        }
        DetectorHarness<WatermarkEchoDetector.State> h = new DetectorHarness<>(detector).feed(prompts);
        assertEquals(5L, h.state().promptsScored());
        assertEquals(0L, h.state().watermarkedPrompts());
        for (int i = 5; i < 8; i++) {
            prompts.add(WatermarkTraffic.prompt("key_edge", i, WatermarkTraffic.text(withGreen(50, 27, rnd))));
        }
        DetectorFinding f = new DetectorHarness<>(detector).feed(prompts).last().orElseThrow();
        assertEquals(3L, f.evidence().get("watermarked_prompts"));
        assertEquals(8L, f.evidence().get("prompts_scored"));
        assertEquals(Math.log10(handComputedTail(50, 27)), (Double) f.evidence().get("min_prompt_log10_p"), 1e-4);
    }

    @Test
    void neverReportsPlainPromptsOverManyClientsAndManyPrompts() {
        Random rnd = new Random(2024);
        long scored = 0;
        long hits = 0;
        for (int c = 0; c < 20; c++) {
            String client = "key_plain_" + c;
            List<InferenceEvent> prompts = new ArrayList<>(2000);
            for (int i = 0; i < 2000; i++) {
                prompts.add(WatermarkTraffic.prompt(client, i, WatermarkTraffic.text(WatermarkTraffic.plain(51 + rnd.nextInt(30), rnd))));
            }
            DetectorHarness<WatermarkEchoDetector.State> h = new DetectorHarness<>(detector).feed(prompts);
            assertEquals(0.0, h.maxScore(), client);
            assertTrue(h.last().isEmpty(), client);
            scored += h.state().promptsScored();
            hits += h.state().watermarkedPrompts();
        }
        assertEquals(40_000L, scored);
        assertTrue(hits <= 5, "chance hits " + hits); // about 0.6 expected at the exact tails of T = 50-79
    }

    @Test
    void doesNotReportTheChanceHitsOfABusyClient() {
        // A loose per-prompt level makes chance hits common: the floor of 3 alone would report this client.
        config.echo().promptAlpha(0.01);
        WatermarkEchoDetector loose = new WatermarkEchoDetector(config, scheme, WatermarkTraffic.tokenizer());
        DetectorHarness<WatermarkEchoDetector.State> h = new DetectorHarness<>(loose).feed(chatUser("key_busy", 2000, 0));
        assertTrue(h.state().watermarkedPrompts() >= 3, "hits " + h.state().watermarkedPrompts());
        assertEquals(0.0, h.maxScore());
        // ...while a loop still stands out among the same level's chance hits
        assertTrue(new DetectorHarness<>(loose).feed(selfInstructLoop("key_loop", 10)).last().isPresent());
    }

    @Test
    void aClientWithoutTheWatermarkIsEverReportedWithProbabilityAtMostClientAlpha() {
        // The hit count of an unmarked client is a Bernoulli(a) process; this is the exact chance that
        // the rule fires at any of its first n prompts (its hits absorbed once it does).
        for (double a : new double[] {NormalDistribution.upperTail(4.0), 0.01}) {
            int n = a < 1e-3 ? 100_000 : 20_000;
            double[] mass = new double[n + 2];
            mass[0] = 1;
            double reported = 0;
            int top = 0;
            for (int i = 1; i <= n; i++) {
                top = Math.min(top + 1, mass.length - 1);
                for (int k = top; k >= 1; k--) {
                    mass[k] = mass[k] * (1 - a) + mass[k - 1] * a;
                }
                mass[0] *= 1 - a;
                for (int k = top; k >= 3 && WatermarkEchoDetector.clientSignificant(i, k, a, 1e-6, 3); k--) {
                    reported += mass[k];
                    mass[k] = 0;
                }
                while (top > 0 && mass[top] < 1e-30) {
                    top--;
                }
            }
            assertTrue(reported <= 1e-6, "a=" + a + ": " + reported);
            assertTrue(reported > 1e-8, "a=" + a + ": " + reported + " (the level is meant to be used, not wasted)");
        }
    }

    @Test
    void clientLevelsSpendClientAlphaOverTheCount() {
        double sum = 0;
        for (long k = 3; k <= 1_000_000; k++) {
            sum += WatermarkEchoDetector.clientLevel(1e-6, 3, k);
        }
        assertEquals(1e-6, sum, 1e-11);
    }
}
