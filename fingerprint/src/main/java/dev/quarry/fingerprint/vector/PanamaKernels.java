package dev.quarry.fingerprint.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Java Vector API ({@code jdk.incubator.vector}), at the widest vector shape the
 * CPU supports ({@link FloatVector#SPECIES_PREFERRED}: 8 floats on AVX2, 16 on AVX-512).
 *
 * <p>Only {@link VectorKernelsProvider} names this class, reflectively and only after it has
 * checked that the module is in the boot layer: linking it without the module would fail.
 *
 * <p>Why the loops look the way they do: one accumulator makes every fused multiply-add wait for
 * the previous one (4 cycles of latency on current x86), so the main loop keeps four independent
 * accumulators and the CPU overlaps them. A query of 256 floats is then 4 iterations on AVX-512.
 * The remainder shorter than one vector is done in scalar code: masked loads are slow on some
 * JDK 17 / AVX2 combinations and the tail of our dimensions (256, 384) is empty anyway.
 * Stateless and thread-safe; nothing is allocated (the JIT scalar-replaces the vectors).
 */
final class PanamaKernels implements VectorKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /**
     * 64-bit lanes for MinHash, used only when a vector holds at least eight of them (AVX-512,
     * which multiplies 64-bit lanes natively); narrower hardware keeps the scalar loop, which the
     * emulated 64-bit multiply would not beat.
     */
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final boolean WIDE_LONGS = LONGS.length() >= 8;
    /** As many bytes as {@link #SPECIES} holds floats: one load widens to one float vector. */
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 8));

    /**
     * Public no-argument constructor for the reflective load.
     *
     * @throws UnsupportedOperationException when the preferred vectors hold fewer than 4 floats,
     *     where the Vector API is slower than the scalar loop
     */
    public PanamaKernels() {
        if (LANES < 4) {
            throw new UnsupportedOperationException("preferred vector is only " + SPECIES.vectorBitSize() + " bits");
        }
    }

    @Override
    public float dot(float[] a, float[] b, int bOff, int len) {
        int i = 0;
        float sum = 0f;
        if (len >= LANES) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            int unrolled = len - 4 * LANES;
            for (; i <= unrolled; i += 4 * LANES) {
                acc0 = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc0);
                acc1 = FloatVector.fromArray(SPECIES, a, i + LANES)
                        .fma(FloatVector.fromArray(SPECIES, b, bOff + i + LANES), acc1);
                acc2 = FloatVector.fromArray(SPECIES, a, i + 2 * LANES)
                        .fma(FloatVector.fromArray(SPECIES, b, bOff + i + 2 * LANES), acc2);
                acc3 = FloatVector.fromArray(SPECIES, a, i + 3 * LANES)
                        .fma(FloatVector.fromArray(SPECIES, b, bOff + i + 3 * LANES), acc3);
            }
            int bound = SPECIES.loopBound(len);
            for (; i < bound; i += LANES) {
                acc0 = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < len; i++) {
            sum += a[i] * b[bOff + i];
        }
        return sum;
    }

    @Override
    public float squareDistance(float[] a, float[] b, int bOff, int len) {
        int i = 0;
        float sum = 0f;
        if (len >= LANES) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            int unrolled = len - 4 * LANES;
            for (; i <= unrolled; i += 4 * LANES) {
                FloatVector d0 = FloatVector.fromArray(SPECIES, a, i)
                        .sub(FloatVector.fromArray(SPECIES, b, bOff + i));
                FloatVector d1 = FloatVector.fromArray(SPECIES, a, i + LANES)
                        .sub(FloatVector.fromArray(SPECIES, b, bOff + i + LANES));
                FloatVector d2 = FloatVector.fromArray(SPECIES, a, i + 2 * LANES)
                        .sub(FloatVector.fromArray(SPECIES, b, bOff + i + 2 * LANES));
                FloatVector d3 = FloatVector.fromArray(SPECIES, a, i + 3 * LANES)
                        .sub(FloatVector.fromArray(SPECIES, b, bOff + i + 3 * LANES));
                acc0 = d0.fma(d0, acc0);
                acc1 = d1.fma(d1, acc1);
                acc2 = d2.fma(d2, acc2);
                acc3 = d3.fma(d3, acc3);
            }
            int bound = SPECIES.loopBound(len);
            for (; i < bound; i += LANES) {
                FloatVector d = FloatVector.fromArray(SPECIES, a, i).sub(FloatVector.fromArray(SPECIES, b, bOff + i));
                acc0 = d.fma(d, acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < len; i++) {
            float d = a[i] - b[bOff + i];
            sum += d * d;
        }
        return sum;
    }

    /** Components {@code [qOff, qOff + LANES)} of an int8 row, dequantised as {@link #dequantise} does. */
    private static FloatVector dequantised(byte[] q, int qOff, float scale) {
        return ((FloatVector) ByteVector.fromArray(BYTES, q, qOff).convertShape(VectorOperators.B2F, SPECIES, 0))
                .mul(scale);
    }

    // The two kernels below are dot and squareDistance with the row's loads replaced by
    // dequantised(): same lanes, accumulators and reduction order, hence the same bits.
    @Override
    public float dotQuantised(float[] a, byte[] q, int qOff, float scale, int len) {
        int i = 0;
        float sum = 0f;
        if (len >= LANES) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            int unrolled = len - 4 * LANES;
            for (; i <= unrolled; i += 4 * LANES) {
                acc0 = FloatVector.fromArray(SPECIES, a, i).fma(dequantised(q, qOff + i, scale), acc0);
                acc1 = FloatVector.fromArray(SPECIES, a, i + LANES).fma(dequantised(q, qOff + i + LANES, scale), acc1);
                acc2 = FloatVector.fromArray(SPECIES, a, i + 2 * LANES)
                        .fma(dequantised(q, qOff + i + 2 * LANES, scale), acc2);
                acc3 = FloatVector.fromArray(SPECIES, a, i + 3 * LANES)
                        .fma(dequantised(q, qOff + i + 3 * LANES, scale), acc3);
            }
            int bound = SPECIES.loopBound(len);
            for (; i < bound; i += LANES) {
                acc0 = FloatVector.fromArray(SPECIES, a, i).fma(dequantised(q, qOff + i, scale), acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < len; i++) {
            sum += a[i] * (q[qOff + i] * scale);
        }
        return sum;
    }

    @Override
    public float squareDistanceQuantised(float[] a, byte[] q, int qOff, float scale, int len) {
        int i = 0;
        float sum = 0f;
        if (len >= LANES) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            int unrolled = len - 4 * LANES;
            for (; i <= unrolled; i += 4 * LANES) {
                FloatVector d0 = FloatVector.fromArray(SPECIES, a, i).sub(dequantised(q, qOff + i, scale));
                FloatVector d1 = FloatVector.fromArray(SPECIES, a, i + LANES).sub(dequantised(q, qOff + i + LANES, scale));
                FloatVector d2 = FloatVector.fromArray(SPECIES, a, i + 2 * LANES)
                        .sub(dequantised(q, qOff + i + 2 * LANES, scale));
                FloatVector d3 = FloatVector.fromArray(SPECIES, a, i + 3 * LANES)
                        .sub(dequantised(q, qOff + i + 3 * LANES, scale));
                acc0 = d0.fma(d0, acc0);
                acc1 = d1.fma(d1, acc1);
                acc2 = d2.fma(d2, acc2);
                acc3 = d3.fma(d3, acc3);
            }
            int bound = SPECIES.loopBound(len);
            for (; i < bound; i += LANES) {
                FloatVector d = FloatVector.fromArray(SPECIES, a, i).sub(dequantised(q, qOff + i, scale));
                acc0 = d.fma(d, acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < len; i++) {
            float d = a[i] - q[qOff + i] * scale;
            sum += d * d;
        }
        return sum;
    }

    @Override
    public void dequantise(byte[] q, int qOff, float scale, float[] out, int outOff, int len) {
        int i = 0;
        int bound = SPECIES.loopBound(len);
        for (; i < bound; i += LANES) {
            ((FloatVector) ByteVector.fromArray(BYTES, q, qOff + i).convertShape(VectorOperators.B2F, SPECIES, 0))
                    .mul(scale).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = q[qOff + i] * scale;
        }
    }

    @Override
    public void minHashOffer(long[] mins, long[] seeds, long shingle) {
        if (!WIDE_LONGS) {
            VectorKernels.super.minHashOffer(mins, seeds, shingle);
            return;
        }
        int bound = LONGS.loopBound(seeds.length);
        int k = 0;
        for (; k < bound; k += LONGS.length()) {
            LongVector z = LongVector.fromArray(LONGS, seeds, k).lanewise(VectorOperators.XOR, shingle);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31)).lanewise(VectorOperators.LSHR, 1);
            // Both sides are non-negative (shifted right by one), so a signed minimum is the unsigned one.
            LongVector.fromArray(LONGS, mins, k).min(z).intoArray(mins, k);
        }
        VectorKernels.minHashOffer(mins, seeds, shingle, k);
    }

    @Override
    public String describe() {
        return "panama " + SPECIES.vectorBitSize() + "-bit";
    }
}
