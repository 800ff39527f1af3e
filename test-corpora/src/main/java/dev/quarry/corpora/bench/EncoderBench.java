package dev.quarry.corpora.bench;

import dev.quarry.corpora.text.ChatPhrases;
import dev.quarry.corpora.text.CodeBank;
import dev.quarry.fingerprint.TextNormaliser;
import dev.quarry.fingerprint.encoder.HashingEncoder;
import dev.quarry.fingerprint.encoder.MiniLmEncoder;
import dev.quarry.fingerprint.encoder.TextEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sentences per second of the two text encoders on the same prompts in one run: the hashing
 * encoder one text at a time, MiniLM through {@code encodeBatch} (batches of 32, sorted by
 * length). A plain timing harness rather than JMH: one MiniLM batch takes tens of milliseconds, so
 * timer overhead is irrelevant, and the figure that matters is the ratio. Run with
 * {@code java --add-modules jdk.incubator.vector -cp ... dev.quarry.corpora.bench.EncoderBench [texts] [rounds] [onnx threads]}.
 */
public final class EncoderBench {
    private EncoderBench() {}

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        List<String> texts = prompts(count);
        double hashing;
        double miniLm;
        try (MiniLmEncoder semantic = new MiniLmEncoder(ai.djl.Device.cpu(), threads)) {
            HashingEncoder lexical = new HashingEncoder();
            // the hashing encoder takes milliseconds per round: give the JIT many more rounds
            hashing = sentencesPerSecond(lexical, texts, rounds * 50, false);
            miniLm = sentencesPerSecond(semantic, texts, rounds, true);
        }
        System.out.printf("texts %d, mean %.0f chars%n", texts.size(),
                texts.stream().mapToInt(String::length).average().orElse(0));
        System.out.printf("hashing-256        %,12.0f sentences/s%n", hashing);
        System.out.printf("minilm-l6-v2 (b32) %,12.0f sentences/s%n", miniLm);
        System.out.printf("ratio hashing/minilm %.0fx%n", hashing / miniLm);
    }

    private static double sentencesPerSecond(TextEncoder encoder, List<String> texts, int rounds, boolean batched) {
        double best = 0;
        long sink = 0;
        // round 0 is warm-up (JIT, ONNX session allocations); the best later round is reported
        for (int round = 0; round <= rounds; round++) {
            long start = System.nanoTime();
            if (batched) {
                for (float[] v : encoder.encodeBatch(texts)) {
                    sink += Float.floatToIntBits(v[0]);
                }
            } else {
                for (String t : texts) {
                    sink += Float.floatToIntBits(encoder.encode(t)[0]);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round > 0) {
                best = Math.max(best, texts.size() / seconds);
            }
        }
        if (sink == 42) {
            System.out.println();
        }
        return best;
    }

    /** A deterministic mix of chat openers and coding questions, normalised as the topology does. */
    static List<String> prompts(int count) {
        SplittableRandom rng = new SplittableRandom(5);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String text = i % 2 == 0
                    ? ChatPhrases.opener(ChatPhrases.topic(i % ChatPhrases.topicCount()), rng)
                    : CodeBank.question(rng);
            out.add(TextNormaliser.normalise(text));
        }
        return out;
    }
}
