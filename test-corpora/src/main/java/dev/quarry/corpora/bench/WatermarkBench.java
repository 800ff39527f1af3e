package dev.quarry.corpora.bench;

import ai.djl.Device;
import dev.quarry.fingerprint.watermark.DjlGreenListScorer;
import dev.quarry.fingerprint.watermark.GreenListScheme;
import dev.quarry.fingerprint.watermark.WatermarkScore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tokens per second of the two green-list scorers on the same random token sequences in one run:
 * plain Java ({@link GreenListScheme#score}, one sequence at a time) and DJL on the CPU
 * ({@link DjlGreenListScorer#countBatch}, in batches of 1 to 512 sequences). Java does not batch,
 * but is timed again beside each batch size so that both figures of a row share the machine's
 * state; on a shared machine compare the ratios, not the absolute rates. The GPU path is the same
 * code on another device and is not measured here. Run with
 * {@code java --add-modules jdk.incubator.vector -cp ... dev.quarry.corpora.bench.WatermarkBench [sequences] [length] [rounds] [torch threads]}
 * (threads 0: the engine's default, one per core; on a loaded machine 1 is often faster).
 */
public final class WatermarkBench {
    private static final int[] BATCH_SIZES = {1, 8, 32, 128, 512};

    private WatermarkBench() {}

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int length = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        if (threads > 0) {
            // read once, when DJL first loads the PyTorch engine
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        List<int[]> sequences = sequences(count, length);
        GreenListScheme scheme = new GreenListScheme(0x5EC2E7C0FFEE1234L, 0.25);
        long tokens = (long) count * length;
        System.out.printf("%d sequences of %d tokens, vocabulary 50,000, repeated bigrams ignored; best of %d rounds; torch threads %s%n",
                count, length, rounds, threads > 0 ? threads : "default");
        System.out.printf("%6s %16s %16s %10s%n", "batch", "java tokens/s", "djl-cpu tokens/s", "djl/java");
        try (DjlGreenListScorer djl = new DjlGreenListScorer(scheme, Device.cpu())) {
            for (int batch : BATCH_SIZES) {
                // the Java loop takes milliseconds per round: give the JIT many more rounds
                double java = tokens / bestSeconds(() -> javaRound(scheme, sequences), rounds * 20);
                double tensors = tokens / bestSeconds(() -> djlRound(djl, sequences, batch), rounds);
                System.out.printf("%6d %,16.0f %,16.0f %10.5f%n", batch, java, tensors, tensors / java);
            }
        }
    }

    /** The best of {@code rounds} timed rounds, after one untimed warm-up round. */
    private static double bestSeconds(Round round, int rounds) {
        double best = Double.MAX_VALUE;
        long sink = 0;
        for (int r = 0; r <= rounds; r++) {
            long start = System.nanoTime();
            sink += round.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (r > 0) {
                best = Math.min(best, seconds);
            }
        }
        if (sink == 42) {
            System.out.println();
        }
        return best;
    }

    private static long javaRound(GreenListScheme scheme, List<int[]> sequences) {
        long green = 0;
        for (int[] s : sequences) {
            WatermarkScore score = scheme.score(s, true);
            green += score.green();
        }
        return green;
    }

    private static long djlRound(DjlGreenListScorer djl, List<int[]> sequences, int batch) {
        long green = 0;
        for (int from = 0; from < sequences.size(); from += batch) {
            List<int[]> slice = sequences.subList(from, Math.min(sequences.size(), from + batch));
            for (long[] counts : djl.countBatch(slice, true)) {
                green += counts[1];
            }
        }
        return green;
    }

    /** Deterministic random token ids below 50,000 (a typical BPE vocabulary). */
    static List<int[]> sequences(int count, int length) {
        SplittableRandom rng = new SplittableRandom(11);
        List<int[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int[] s = new int[length];
            for (int j = 0; j < length; j++) {
                s[j] = rng.nextInt(50_000);
            }
            out.add(s);
        }
        return out;
    }

    @FunctionalInterface
    private interface Round {
        long run();
    }
}
