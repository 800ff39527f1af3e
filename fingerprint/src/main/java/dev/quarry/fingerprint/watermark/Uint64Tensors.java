package dev.quarry.fingerprint.watermark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;

/**
 * Java's wrapping {@code long} arithmetic, as far as {@link dev.quarry.fingerprint.Hashing#mix64} needs it, on DJL
 * tensors. DJL's {@code NDArray} has no bitwise operators (only {@code logicalXor} on booleans), so
 * a batch of {@code n} 64-bit words is held as <em>bit-planes</em>: a boolean tensor of shape
 * {@code [n, 64]}, bit {@code j} in column {@code j}, least significant first.
 * <ul>
 *   <li>XOR is {@code logicalXor};</li>
 *   <li>{@code >>> s} drops the low {@code s} columns and pads the top with {@code false};</li>
 *   <li>multiplication by a constant mod 2^64 regroups the bits into four 16-bit limbs, multiplies
 *       them by the constant's limbs with one {@code [4, 4]} matrix product, propagates the carries
 *       limb by limb, dropping the carry out of the top limb (that is the mod 2^64), and splits
 *       the limbs back into bits with {@code mod} and {@code gte}.</li>
 * </ul>
 * Every intermediate is an integer below 2^53 (a limb product is below 2^32, a sum of four below
 * 2^34), so float64 holds it exactly and no integer division is needed: float64 matrix products
 * run on the CPU and on CUDA, where int64 ones do not.
 *
 * <p>Constants live in the manager given at construction; results attach to the manager of the
 * operand, so a caller that scores in a sub-manager frees everything by closing it. Not
 * thread-safe (the constant cache).
 */
final class Uint64Tensors {
    private static final long C1 = 0xBF58476D1CE4E5B9L;
    private static final long C2 = 0x94D049BB133111EBL;
    private static final int LIMBS = 4;
    private static final int LIMB_BITS = 16;
    private static final double LIMB = 0x1p16;

    private final NDManager constants;
    /** {@code [16, 1]}: 2^0 .. 2^15, bits of a limb to the limb. */
    private final NDArray limbWeights;
    /** {@code [16]}: 2^1 .. 2^16 and 2^0 .. 2^15: bit j of v is {@code v mod 2^(j+1) >= 2^j}. */
    private final NDArray limbModuli;
    private final NDArray limbThresholds;
    /** The same for the low 32 bits of a token id. */
    private final NDArray idModuli;
    private final NDArray idThresholds;
    /** {@code [53, 1]}: 2^0 .. 2^52, bits 11..63 to the value of {@code x >>> 11}. */
    private final NDArray high53Weights;
    private final Map<Long, NDArray> limbMatrices = new HashMap<>();

    Uint64Tensors(NDManager constants) {
        this.constants = constants;
        limbWeights = keep(constants.create(powers(0, LIMB_BITS), new Shape(LIMB_BITS, 1)));
        limbModuli = keep(constants.create(powers(1, LIMB_BITS)));
        limbThresholds = keep(constants.create(powers(0, LIMB_BITS)));
        idModuli = keep(constants.create(powersDouble(1, 32)));
        idThresholds = keep(constants.create(powersDouble(0, 32)));
        high53Weights = keep(constants.create(powersDouble(0, 53), new Shape(53, 1)));
    }

    /** Bit-planes {@code [n, 64]} of non-negative int64 ids {@code [n]} (all below 2^31). */
    NDArray fromIds(NDArray ids) {
        long n = ids.size();
        NDArray low = ids.toType(DataType.FLOAT64, false).reshape(n, 1).mod(idModuli).gte(idThresholds);
        return low.concat(ids.getManager().zeros(new Shape(n, 32), DataType.BOOLEAN), 1);
    }

    /** The bit-planes {@code [64]} of one constant, broadcast against {@code [n, 64]}. */
    NDArray constant(long value) {
        boolean[] bits = new boolean[64];
        for (int j = 0; j < 64; j++) {
            bits[j] = ((value >>> j) & 1) != 0;
        }
        return keep(constants.create(bits));
    }

    /** {@code x >>> s} for {@code 0 < s < 64}. */
    static NDArray shiftRight(NDArray bits, int s) {
        long n = bits.getShape().get(0);
        NDArray zeros = bits.getManager().zeros(new Shape(n, s), DataType.BOOLEAN);
        return bits.get(":, " + s + ":").concat(zeros, 1);
    }

    /** The SplitMix64 finaliser, as {@link dev.quarry.fingerprint.Hashing#mix64}. */
    NDArray mix64(NDArray bits) {
        try (NDScope scope = new NDScope()) {
            NDArray z = bits.logicalXor(shiftRight(bits, 30));
            z = multiply(z, C1);
            z = z.logicalXor(shiftRight(z, 27));
            z = multiply(z, C2);
            NDArray result = z.logicalXor(shiftRight(z, 31));
            NDScope.unregister(result);
            return result;
        }
    }

    /** {@code x * c} mod 2^64. */
    NDArray multiply(NDArray bits, long c) {
        long n = bits.getShape().get(0);
        try (NDScope scope = new NDScope()) {
            // Bits to limbs in float32: a limb is below 2^16, exact, and still exact if a GPU
            // multiplies in TF32, since the inputs are 0, 1 and powers of two.
            NDArray limbs = bits.toType(DataType.FLOAT32, false)
                    .reshape(n * LIMBS, LIMB_BITS).matMul(limbWeights)
                    .reshape(n, LIMBS).toType(DataType.FLOAT64, false);
            // sums[:, k] = sum over i <= k of limb_i * c_(k-i): the schoolbook product without carries
            NDArray sums = limbs.matMul(limbMatrix(c));
            NDArray[] digits = new NDArray[LIMBS];
            NDArray carry = null;
            for (int k = 0; k < LIMBS; k++) {
                NDArray v = sums.get(":, " + k);
                if (carry != null) {
                    v = v.add(carry);
                }
                digits[k] = v.mod(LIMB);
                if (k < LIMBS - 1) {
                    // an exact multiple of 2^16 divided by 2^16: exact in float64
                    carry = v.sub(digits[k]).div(LIMB);
                }
            }
            NDArray result = NDArrays.stack(new NDList(digits), 1)
                    .toType(DataType.FLOAT32, false).reshape(n, LIMBS, 1)
                    .mod(limbModuli).gte(limbThresholds)
                    .reshape(n, 64);
            NDScope.unregister(result);
            return result;
        }
    }

    /** The value of {@code x >>> 11}, below 2^53, as float64 {@code [n]} (exact). */
    NDArray high53(NDArray bits) {
        long n = bits.getShape().get(0);
        return bits.get(":, 11:").toType(DataType.FLOAT64, false).matMul(high53Weights).reshape(n);
    }

    /** {@code m[i][k] = c_(k-i)} for {@code k >= i}, else 0, with {@code c_j} the 16-bit limbs of {@code c}. */
    private NDArray limbMatrix(long c) {
        return limbMatrices.computeIfAbsent(c, key -> {
            double[] m = new double[LIMBS * LIMBS];
            for (int i = 0; i < LIMBS; i++) {
                for (int k = i; k < LIMBS; k++) {
                    m[i * LIMBS + k] = (key >>> (LIMB_BITS * (k - i))) & 0xFFFF;
                }
            }
            return keep(constants.create(m, new Shape(LIMBS, LIMBS)));
        });
    }

    /** Constants outlive any {@link NDScope} a caller may have open. */
    private static NDArray keep(NDArray array) {
        NDScope.unregister(array);
        return array;
    }

    private static float[] powers(int from, int count) {
        float[] out = new float[count];
        for (int j = 0; j < count; j++) {
            out[j] = (float) Math.scalb(1.0, from + j);
        }
        return out;
    }

    private static double[] powersDouble(int from, int count) {
        double[] out = new double[count];
        for (int j = 0; j < count; j++) {
            out[j] = Math.scalb(1.0, from + j);
        }
        return out;
    }
}
