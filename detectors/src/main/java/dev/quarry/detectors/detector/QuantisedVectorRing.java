package dev.quarry.detectors.detector;

import dev.quarry.fingerprint.vector.VectorMath;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A client's most recent query embeddings, at most {@code capacity}, each stored as int8
 * components with one float scale ({@code dim + 4} bytes a vector, 260 B at 256 dimensions):
 * the part of a detector's state that lets it compare a new query with earlier ones. When full,
 * the oldest vector is overwritten (first in, first out: deterministic, no sampling).
 *
 * <p>Symmetric int8 quantisation (scale = max |component| / 127) keeps a dot product of two
 * unit vectors within about 0.01 of its float value, well inside the margins the detectors'
 * thresholds leave. Quantising is a pure function of the vector, so live and replay states
 * stay byte-identical.
 *
 * <p>Encoding: {@code short dim, short size, short next, then per row: float scale, dim bytes}.
 * Not thread-safe: part of a {@link DetectorState}.
 */
final class QuantisedVectorRing {
    /** Rows allocated for a new ring; the array doubles up to the capacity as vectors arrive. */
    private static final int INITIAL_ROWS = 8;
    private final int capacity;
    private int dim;
    private int size;
    private int next;
    private byte[] components;
    private float[] scales;

    QuantisedVectorRing(int capacity) {
        if (capacity < 1 || capacity > Short.MAX_VALUE) {
            throw new IllegalArgumentException("capacity must be in [1, 32767]: " + capacity);
        }
        this.capacity = capacity;
        this.scales = new float[capacity];
    }

    int size() {
        return size;
    }

    /** Adds {@code v}, overwriting the oldest vector when full; a vector of another length resets the ring. */
    void add(float[] v) {
        if (components == null || v.length != dim) {
            dim = v.length;
            components = new byte[Math.min(capacity, INITIAL_ROWS) * dim];
            size = 0;
            next = 0;
        }
        if ((next + 1) * dim > components.length) {
            // Grows with the client: most clients send a handful of queries, and a full-capacity
            // array per new client was the ring's main cost.
            components = Arrays.copyOf(components, Math.min(capacity, 2 * (components.length / dim)) * dim);
        }
        float max = 0f;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        float scale = max / 127f;
        float inv = max == 0f ? 0f : 127f / max;
        int off = next * dim;
        for (int i = 0; i < dim; i++) {
            // rint (ties to even) is an intrinsic; Math.round(float) is not, and cost more than the rest of add
            components[off + i] = (byte) Math.rint(v[i] * inv);
        }
        scales[next] = scale;
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    /**
     * Writes the stored vectors, dequantised, row-major into {@code matrix} (which must hold
     * {@code size() * dim} floats) and returns how many rows it wrote; 0 when the ring holds
     * vectors of another length than {@code dim}.
     */
    int dequantiseInto(float[] matrix, int dim) {
        if (size == 0 || dim != this.dim) {
            return 0;
        }
        for (int r = 0; r < size; r++) {
            VectorMath.dequantise(components, r * dim, scales[r], matrix, r * dim, dim);
        }
        return size;
    }

    /** Whether the ring holds vectors to compare {@code q} with: some, of its length. */
    boolean comparable(float[] q) {
        return size > 0 && q.length == dim;
    }

    /**
     * The smallest squared distance from {@code q} to a stored vector, dequantised: what
     * {@link VectorMath#minSquareDistance} gives on {@link #dequantiseInto}'s matrix, without
     * building it. {@code +Infinity} when the ring is empty or holds vectors of another length.
     */
    float minSquareDistance(float[] q) {
        if (!comparable(q)) {
            return Float.POSITIVE_INFINITY;
        }
        return VectorMath.minSquareDistanceQuantised(q, components, scales, size);
    }

    /**
     * Whether a stored vector, dequantised, has a dot product with {@code q} of at least
     * {@code threshold}: {@code VectorMath.countDotAtLeast(...) > 0} on {@link #dequantiseInto}'s
     * matrix. False when the ring is empty or holds vectors of another length.
     */
    boolean anyDotAtLeast(float[] q, float threshold) {
        return comparable(q) && VectorMath.anyDotAtLeastQuantised(q, components, scales, size, threshold);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeShort(dim);
        out.writeShort(size);
        out.writeShort(next);
        for (int r = 0; r < size; r++) {
            out.writeFloat(scales[r]);
            out.write(components, r * dim, dim);
        }
    }

    /**
     * Replaces this ring's content with a ring written by {@link #writeTo}; of a ring written with
     * a larger capacity only the first {@code capacity} rows are kept.
     */
    void readFrom(DataInput in) throws IOException {
        int dim = in.readShort();
        int written = in.readShort();
        int writtenNext = in.readShort();
        this.dim = dim;
        this.components = written == 0 ? null : new byte[Math.min(capacity, Math.max(INITIAL_ROWS, written)) * dim];
        this.size = Math.min(written, capacity);
        byte[] skip = new byte[dim];
        for (int r = 0; r < written; r++) {
            float scale = in.readFloat();
            if (r < capacity) {
                scales[r] = scale;
                in.readFully(components, r * dim, dim);
            } else {
                in.readFully(skip);
            }
        }
        this.next = written <= capacity ? writtenNext % capacity : 0;
    }
}
