package dev.quarry.fingerprint.vector;

/**
 * The kernels behind {@link VectorMath}, one implementation per instruction set. Arguments are
 * already checked by {@code VectorMath}. Implementations are stateless and thread-safe, and their
 * hot loops allocate nothing.
 */
interface VectorKernels {

    /** Sum of {@code a[i] * b[aOff..]}: the dot product of {@code a} and row {@code b[bOff, bOff+len)}. */
    float dot(float[] a, float[] b, int bOff, int len);

    /** Squared Euclidean distance of {@code a} and row {@code b[bOff, bOff+len)}. */
    float squareDistance(float[] a, float[] b, int bOff, int len);

    /** Human-readable name for the start-up log, e.g. {@code "scalar"} or {@code "panama 256-bit"}. */
    String describe();
}
