package dev.quarry.corpora.bench.jmh;

import dev.quarry.fingerprint.vector.BenchmarkKernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The embedding kernels, scalar against SIMD in the same JVM: dot product and squared L2 of two
 * 256-d vectors (the hashing encoder's dimension), and the batched nearest-neighbour distance of
 * one query against 512 rows of 256 floats (a client's recent embeddings, 512 KiB, in L2 cache).
 * {@code kernels} picks the implementation through {@link BenchmarkKernels}; {@code panama} needs
 * the JVM flag {@code --add-modules jdk.incubator.vector}, which {@code bin/quarry} passes.
 * The scalar baseline is the unrolled four-accumulator loop, not a naive one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VectorKernelsBenchmark {
    static final int DIMENSION = 256;
    static final int ROWS = 512;

    @Param({"scalar", "panama"})
    public String kernels;

    private BenchmarkKernels impl;
    private float[] a;
    private float[] b;
    private float[] matrix;

    @Setup
    public void setUp() {
        impl = "scalar".equals(kernels)
                ? BenchmarkKernels.scalar()
                : BenchmarkKernels.simd().orElseThrow(
                        () -> new IllegalStateException("start the JVM with --add-modules jdk.incubator.vector"));
        Random rnd = new Random(7);
        a = random(rnd, DIMENSION);
        b = random(rnd, DIMENSION);
        matrix = random(rnd, ROWS * DIMENSION);
    }

    @Benchmark
    public float dot256() {
        return impl.dot(a, b);
    }

    @Benchmark
    public float squareDistance256() {
        return impl.squareDistance(a, b);
    }

    @Benchmark
    public float minSquareDistance512Rows() {
        return impl.minSquareDistance(a, matrix, ROWS);
    }

    private static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }
}
