package dev.quarry.fingerprint.reference;

import java.util.Arrays;

/**
 * An immutable map from a non-zero 64-bit key (an LSH band, or an exact-text key) to the ascending
 * ids of the items having it, in primitive arrays: an open-addressing table of keys (linear
 * probing, at most three quarters full) pointing into one array of ids. A lookup is a few array reads and
 * allocates nothing, where a Lucene term query costs a terms-dictionary seek and a scorer.
 *
 * <p>Built in three passes over the (item, key) pairs: count per key, prefix sums, fill; the ids
 * of a key come out ascending because items are visited in id order. The caller keeps an item's
 * keys distinct (band keys hash their band number). Memory is 12 bytes a table slot plus 4 bytes
 * a pair (14 MB for the 34k items of shared/corpora, 16 bands each). Thread-safe: read-only after
 * construction.
 */
final class BandPostings {
    private final long[] keys;
    /** Ids of the key in slot {@code s} are {@code ids[starts[s], starts[s + 1])}. */
    private final int[] starts;
    private final int[] ids;
    private final int mask;

    /**
     * @param pairs keys of item {@code i} at {@code [i * perItem, (i + 1) * perItem)}; 0 means none
     * @param perItem keys per item
     */
    BandPostings(long[] pairs, int perItem) {
        int capacity = Integer.highestOneBit(Math.max(16, pairs.length + pairs.length / 3)) << 1;
        keys = new long[capacity];
        starts = new int[capacity + 1];
        mask = capacity - 1;
        int[] slotOf = new int[pairs.length];
        for (int p = 0; p < pairs.length; p++) {
            if (pairs[p] == 0) {
                slotOf[p] = -1;
                continue;
            }
            int slot = probe(pairs[p]);
            keys[slot] = pairs[p];
            starts[slot + 1]++;
            slotOf[p] = slot;
        }
        for (int s = 0; s < capacity; s++) {
            starts[s + 1] += starts[s];
        }
        ids = new int[starts[capacity]];
        int[] cursor = Arrays.copyOf(starts, capacity);
        for (int p = 0; p < pairs.length; p++) {
            if (slotOf[p] >= 0) {
                ids[cursor[slotOf[p]]++] = p / perItem;
            }
        }
    }

    private int probe(long key) {
        int slot = (int) (key ^ (key >>> 32)) & mask;
        while (keys[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** The table slot of {@code key}, or -1 when no item has it. */
    int slot(long key) {
        int slot = probe(key);
        return keys[slot] == 0 ? -1 : slot;
    }

    int start(int slot) {
        return starts[slot];
    }

    int end(int slot) {
        return starts[slot + 1];
    }

    int id(int index) {
        return ids[index];
    }

    /** Number of distinct keys. */
    int keys() {
        return (int) Arrays.stream(keys).filter(k -> k != 0).count();
    }

    long ramBytesUsed() {
        return keys.length * 12L + ids.length * 4L;
    }
}
