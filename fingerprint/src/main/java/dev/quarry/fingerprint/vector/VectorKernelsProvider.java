package dev.quarry.fingerprint.vector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the kernels once, when {@link VectorMath} loads: the Vector API kernels when the
 * {@code jdk.incubator.vector} module is in the boot layer, else the scalar fallback with a
 * warning that says how to enable the fast path. {@code -Dquarry.vector.scalar=true} forces the
 * fallback (to compare, or to rule the SIMD path out when chasing a bug).
 *
 * <p>{@link PanamaKernels} is loaded by name, never referenced: a direct reference would make the
 * JVM link it, and fail, on a JVM started without the module.
 */
final class VectorKernelsProvider {
    /** System property that forces the scalar kernels when {@code true}. */
    static final String FORCE_SCALAR_PROPERTY = "quarry.vector.scalar";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String PANAMA_CLASS = "dev.quarry.fingerprint.vector.PanamaKernels";
    private static final Logger LOG = LoggerFactory.getLogger(VectorMath.class);

    private VectorKernelsProvider() {}

    static VectorKernels select() {
        VectorKernels k = select(Boolean.getBoolean(FORCE_SCALAR_PROPERTY));
        LOG.info("vector kernels: {}", k.describe());
        return k;
    }

    static VectorKernels select(boolean forceScalar) {
        if (forceScalar) {
            LOG.info("-D{}=true: using the scalar vector kernels", FORCE_SCALAR_PROPERTY);
            return ScalarKernels.INSTANCE;
        }
        VectorKernels simd = simdOrNull();
        if (simd == null) {
            LOG.warn("Java Vector API not enabled: embedding similarity uses the slower scalar kernels. "
                    + "Start the JVM with --add-modules {} for the SIMD kernels.", VECTOR_MODULE);
            return ScalarKernels.INSTANCE;
        }
        return simd;
    }

    /** The SIMD kernels, or null when the module is absent or they cannot run here. */
    static VectorKernels simdOrNull() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return null;
        }
        try {
            return (VectorKernels) Class.forName(PANAMA_CLASS).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.warn("SIMD vector kernels unavailable ({}); using the scalar kernels", e.toString());
            return null;
        }
    }
}
