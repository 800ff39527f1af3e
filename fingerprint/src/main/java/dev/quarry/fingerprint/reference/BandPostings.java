package dev.quarry.fingerprint.reference;

import java.util.Arrays;

/**
 * An immutable map from a non-zero 64-bit key (an LSH band, or an exact-text key) to the ascending
 * ids of the items having it, in primitive arrays: an open-addressing table (linear probing, at
 * most three quarters full) of keys, each beside its entry in the same array, so that a probe
 * that finds its key has the entry in the same cache line. Most keys have one item, whose id the
 * entry holds itself; the ids of the others are in one array. A lookup is a few array reads and
 * allocates nothing, where a Lucene term query costs a terms-dictionary seek and a scorer. The
 * table is larger than the caches and the lookups are random: each array read a lookup makes is
 * a likely cache miss, so a key of one item costs one read, not three (key, start, id).
 *
 * <p>Built in three passes over the (item, key) pairs: count per key, prefix sums, fill; the ids
 * of a key come out ascending because items are visited in id order. The caller keeps an item's
 * keys distinct (band keys hash their band number). Memory is 16 bytes a table slot plus 4 bytes
 * a pair of a key with several items (17 MB for the 34k items of shared/corpora, 16 bands each,
 * against 15 MB with the start and the id of every key in arrays of their own).
 * Thread-safe: read-only after construction.
 */
final class BandPostings {
    /** Key of slot {@code s} at {@code 2s}, its entry at {@code 2s + 1}: (id, or start in {@link #ids}) << 32 | count. */
    private final long[] table;
    private final int[] ids;
    private final int mask;

    /**
     * @param pairs keys of item {@code i} at {@code [i * perItem, (i + 1) * perItem)}; 0 means none
     * @param perItem keys per item
     */
    BandPostings(long[] pairs, int perItem) {
        int capacity = Integer.highestOneBit(Math.max(16, pairs.length + pairs.length / 3)) << 1;
        table = new long[capacity * 2];
        mask = capacity - 1;
        int[] counts = new int[capacity];
        int[] slotOf = new int[pairs.length];
        for (int p = 0; p < pairs.length; p++) {
            if (pairs[p] == 0) {
                slotOf[p] = -1;
                continue;
            }
            int slot = probe(pairs[p]);
            table[2 * slot] = pairs[p];
            counts[slot]++;
            slotOf[p] = slot;
        }
        int[] starts = new int[capacity];
        int shared = 0;
        for (int s = 0; s < capacity; s++) {
            starts[s] = shared;
            if (counts[s] > 1) {
                shared += counts[s];
            }
        }
        ids = new int[shared];
        for (int p = 0; p < pairs.length; p++) {
            int slot = slotOf[p];
            if (slot < 0) {
                continue;
            }
            int id = p / perItem;
            if (counts[slot] == 1) {
                table[2 * slot + 1] = (long) id << 32 | 1;
            } else {
                ids[starts[slot]++] = id;
            }
        }
        for (int s = 0; s < capacity; s++) {
            if (counts[s] > 1) {
                table[2 * s + 1] = (long) (starts[s] - counts[s]) << 32 | counts[s];
            }
        }
    }

    private int probe(long key) {
        int slot = (int) (key ^ (key >>> 32)) & mask;
        while (table[2 * slot] != 0 && table[2 * slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** The table slot of {@code key}, or -1 when no item has it. */
    int slot(long key) {
        int slot = probe(key);
        return table[2 * slot] == 0 ? -1 : slot;
    }

    /** How many items have the key of {@code slot}. */
    int count(int slot) {
        return (int) table[2 * slot + 1];
    }

    /** The {@code k}-th smallest id of the items having the key of {@code slot}, {@code k < count(slot)}. */
    int id(int slot, int k) {
        long entry = table[2 * slot + 1];
        int at = (int) (entry >>> 32);
        return (int) entry == 1 ? at : ids[at + k];
    }

    /** Number of distinct keys. */
    int keys() {
        int n = 0;
        for (int s = 0; s < table.length; s += 2) {
            if (table[s] != 0) {
                n++;
            }
        }
        return n;
    }

    long ramBytesUsed() {
        return table.length * 8L + ids.length * 4L;
    }
}
