package dev.quarry.fingerprint.vector;

import java.util.Optional;

/**
 * For benchmarks only: a public handle on one specific kernel implementation, so that a JMH run
 * can compare the scalar and SIMD kernels in one JVM. Production code calls {@link VectorMath},
 * which picks the implementation once. No argument checks here: lengths must already agree.
 *
 * <p>Immutable and thread-safe.
 */
public final class BenchmarkKernels {
    private final VectorKernels kernels;

    private BenchmarkKernels(VectorKernels kernels) {
        this.kernels = kernels;
    }

    /** The plain-Java kernels, always available. */
    public static BenchmarkKernels scalar() {
        return new BenchmarkKernels(ScalarKernels.INSTANCE);
    }

    /** The Vector API kernels, empty when the JVM lacks {@code --add-modules jdk.incubator.vector}. */
    public static Optional<BenchmarkKernels> simd() {
        return Optional.ofNullable(VectorKernelsProvider.simdOrNull()).map(BenchmarkKernels::new);
    }

    /** E.g. {@code "scalar"} or {@code "panama 512-bit"}. */
    public String describe() {
        return kernels.describe();
    }

    /** Dot product of {@code a} and {@code b}, both of {@code a.length}. */
    public float dot(float[] a, float[] b) {
        return kernels.dot(a, b, 0, a.length);
    }

    /** Squared Euclidean distance of {@code a} and {@code b}, both of {@code a.length}. */
    public float squareDistance(float[] a, float[] b) {
        return kernels.squareDistance(a, b, 0, a.length);
    }

    /** As {@link VectorMath#minSquareDistance}, on these kernels. */
    public float minSquareDistance(float[] query, float[] matrix, int rows) {
        return kernels.minSquareDistance(query, matrix, rows, query.length);
    }
}
