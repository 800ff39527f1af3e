package dev.quarry.fingerprint.vector;

import java.util.logging.Logger;

/** Picks the kernels once: SIMD when the Vector API is available, else the scalar fallback. */
final class VectorKernelsProvider {
    private static final Logger LOG = Logger.getLogger(VectorMath.class.getName());

    private VectorKernelsProvider() {}

    static VectorKernels select() {
        // SIMD kernels are added with the Vector API implementation; until then: scalar.
        VectorKernels k = ScalarKernels.INSTANCE;
        LOG.info("vector kernels: " + k.describe());
        return k;
    }
}
