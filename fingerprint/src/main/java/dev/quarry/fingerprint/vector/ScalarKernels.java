package dev.quarry.fingerprint.vector;

/**
 * Plain-Java kernels: the reference the SIMD kernels are tested against, and the fallback when
 * the {@code jdk.incubator.vector} module is not present. Four independent accumulators let the
 * JIT overlap the multiply-adds instead of waiting on one dependency chain.
 */
final class ScalarKernels implements VectorKernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {}

    @Override
    public float dot(float[] a, float[] b, int bOff, int len) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            s0 += a[i] * b[bOff + i];
            s1 += a[i + 1] * b[bOff + i + 1];
            s2 += a[i + 2] * b[bOff + i + 2];
            s3 += a[i + 3] * b[bOff + i + 3];
        }
        for (; i < len; i++) {
            s0 += a[i] * b[bOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float squareDistance(float[] a, float[] b, int bOff, int len) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            float d0 = a[i] - b[bOff + i];
            float d1 = a[i + 1] - b[bOff + i + 1];
            float d2 = a[i + 2] - b[bOff + i + 2];
            float d3 = a[i + 3] - b[bOff + i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < len; i++) {
            float d = a[i] - b[bOff + i];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float dotQuantised(float[] a, byte[] q, int qOff, float scale, int len) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            s0 += a[i] * (q[qOff + i] * scale);
            s1 += a[i + 1] * (q[qOff + i + 1] * scale);
            s2 += a[i + 2] * (q[qOff + i + 2] * scale);
            s3 += a[i + 3] * (q[qOff + i + 3] * scale);
        }
        for (; i < len; i++) {
            s0 += a[i] * (q[qOff + i] * scale);
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float squareDistanceQuantised(float[] a, byte[] q, int qOff, float scale, int len) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            float d0 = a[i] - q[qOff + i] * scale;
            float d1 = a[i + 1] - q[qOff + i + 1] * scale;
            float d2 = a[i + 2] - q[qOff + i + 2] * scale;
            float d3 = a[i + 3] - q[qOff + i + 3] * scale;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < len; i++) {
            float d = a[i] - q[qOff + i] * scale;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public String describe() {
        return "scalar";
    }
}
