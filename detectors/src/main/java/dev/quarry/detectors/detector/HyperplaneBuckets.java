package dev.quarry.detectors.detector;

import dev.quarry.fingerprint.vector.VectorMath;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locality-sensitive buckets of embeddings: the signs of a vector's dot products with
 * {@code planes} random hyperplanes (Charikar 2002, "Similarity estimation techniques from
 * rounding algorithms"), so that near vectors share a bucket and unrelated ones rarely do. The
 * hyperplanes have Gaussian components drawn from a fixed seed (and the dimension), so every
 * machine and every run cuts the space the same way. Thread-safe: hyperplanes are made once per
 * dimension.
 */
final class HyperplaneBuckets {
    private final int planes;
    private final long seed;
    private final Map<Integer, float[][]> byDimension = new ConcurrentHashMap<>();

    HyperplaneBuckets(int planes, long seed) {
        if (planes < 1 || planes > 30) {
            throw new IllegalArgumentException("need 1 <= planes <= 30: " + planes);
        }
        this.planes = planes;
        this.seed = seed;
    }

    /** The bucket of {@code v}, in [0, 2^planes). */
    int bucket(float[] v) {
        float[][] p = byDimension.computeIfAbsent(v.length, this::hyperplanes);
        int id = 0;
        for (float[] plane : p) {
            id = (id << 1) | (VectorMath.dot(plane, v) >= 0 ? 1 : 0);
        }
        return id;
    }

    private float[][] hyperplanes(int dimension) {
        SplittableRandom rng = new SplittableRandom(seed ^ dimension);
        float[][] p = new float[planes][dimension];
        for (float[] plane : p) {
            for (int i = 0; i < dimension; i++) {
                // Box-Muller: Gaussian components make every direction equally likely
                double u = 1.0 - rng.nextDouble();
                plane[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble()));
            }
        }
        return p;
    }
}
