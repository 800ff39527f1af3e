package dev.quarry.fingerprint.watermark;

import dev.quarry.fingerprint.Hashing;
import java.util.Arrays;

/**
 * An open-addressing set of longs for deduplicating token pairs without boxing: a corpus of a
 * million tokens would otherwise allocate a million {@code Long}s. Not thread-safe.
 */
final class LongHashSet {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] slots;
    private int size;
    private boolean hasEmptyValue;

    LongHashSet(int expected) {
        slots = new long[Math.max(16, Integer.highestOneBit(Math.max(1, expected) * 2 - 1) << 1)];
        Arrays.fill(slots, EMPTY);
    }

    /** Adds {@code v}; true when it was not there yet. */
    boolean add(long v) {
        if (v == EMPTY) {
            boolean added = !hasEmptyValue;
            hasEmptyValue = true;
            return added;
        }
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = (int) Hashing.mix64(v) & mask;
        while (slots[i] != EMPTY) {
            if (slots[i] == v) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = v;
        size++;
        return true;
    }

    boolean contains(long v) {
        if (v == EMPTY) {
            return hasEmptyValue;
        }
        int mask = slots.length - 1;
        int i = (int) Hashing.mix64(v) & mask;
        while (slots[i] != EMPTY) {
            if (slots[i] == v) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        Arrays.fill(slots, EMPTY);
        size = 0;
        for (long v : old) {
            if (v != EMPTY) {
                add(v);
            }
        }
    }
}
