package dev.quarry.detectors.detector;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A bounded sample of distinct items, by adaptive sampling (Flajolet 1990, "On Adaptive Sampling";
 * Gibbons 2001, "Distinct Sampling for Highly-Accurate Answers to Distinct Values Queries"): it
 * keeps every item whose 32-bit hash has at least {@code level} leading zero bits, at most
 * {@code capacity} of them, and raises the level (halving the sample) when it is full. So it
 * answers "seen before, and when?" exactly for the sampled share 2^-level of items, and estimates
 * the number of distinct items as size x 2^level (relative error about 1/sqrt(capacity)), in at
 * most {@code capacity} longs whatever the volume.
 *
 * <p>Each entry packs the hash (high 32 bits, so entries sort by hash) and the caller's stamp of
 * the item's first sighting (low 32 bits, e.g. minutes since the epoch). Deterministic; not
 * thread-safe (part of one client's detector state).
 */
final class DistinctSample {
    /** {@link #offer} result: the item is outside the current sample, so nothing is known about it. */
    static final long UNSAMPLED = Long.MIN_VALUE;
    /** {@link #offer} result: a sampled item never seen before (now remembered). */
    static final long NEW = Long.MIN_VALUE + 1;
    private final int capacity;
    private int level;
    private int size;
    private long[] entries;

    DistinctSample(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be >= 2: " + capacity);
        }
        this.capacity = capacity;
        this.entries = new long[Math.min(capacity, 16)];
    }

    /**
     * Offers an item. Returns {@link #UNSAMPLED}, {@link #NEW}, or, for a sampled item seen before,
     * the stamp of its first sighting.
     */
    long offer(int hash, int stamp) {
        if (Integer.numberOfLeadingZeros(hash) < level) {
            return UNSAMPLED;
        }
        int at = find(hash);
        if (at >= 0) {
            return (int) entries[at];
        }
        if (size == capacity) {
            level++;
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (Integer.numberOfLeadingZeros((int) (entries[i] >> 32)) >= level) {
                    entries[kept++] = entries[i];
                }
            }
            size = kept;
            if (Integer.numberOfLeadingZeros(hash) < level) {
                return UNSAMPLED;
            }
            at = find(hash);
        }
        int insert = -at - 1;
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, Math.min(capacity, size * 2));
        }
        System.arraycopy(entries, insert, entries, insert + 1, size - insert);
        entries[insert] = ((long) hash << 32) | (stamp & 0xFFFF_FFFFL);
        size++;
        return NEW;
    }

    /** Estimated number of distinct items offered. */
    long estimate() {
        return (long) size << level;
    }

    /** How many offered items one sampled item stands for. */
    long weight() {
        return 1L << level;
    }

    private int find(int hash) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int h = (int) (entries[mid] >> 32);
            if (h < hash) {
                lo = mid + 1;
            } else if (h > hash) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeByte(level);
        out.writeShort(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(entries[i]);
        }
    }

    static DistinctSample read(DataInput in, int capacity) throws IOException {
        DistinctSample s = new DistinctSample(capacity);
        s.level = in.readUnsignedByte();
        int n = in.readUnsignedShort();
        if (n > capacity) {
            throw new IOException("distinct sample of " + n + " items exceeds its capacity " + capacity);
        }
        s.entries = new long[Math.max(n, Math.min(capacity, 16))];
        for (int i = 0; i < n; i++) {
            s.entries[i] = in.readLong();
        }
        s.size = n;
        return s;
    }
}
