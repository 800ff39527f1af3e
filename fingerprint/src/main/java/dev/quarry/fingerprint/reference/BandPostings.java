package dev.quarry.fingerprint.reference;

import java.util.Arrays;

/**
 * An immutable map from a non-zero 64-bit key (an LSH band, or an exact-text key) to the ascending
 * ids of the items having it, in primitive arrays: an open-addressing table of keys (linear
 * probing, at most three quarters full) and, beside it, one int a slot: the id of the key's item
 * when it has one (most keys), else where its ids are in a second array, after their count. A
 * lookup is a few array reads and allocates nothing, where a Lucene term query costs a
 * terms-dictionary seek and a scorer. The tables are larger than the caches and the reads random,
 * so each is a likely cache miss: a key found costs two reads when it has one item (key, id), and
 * the table probed is the keys alone, 8 bytes a slot, since most keys probed are not there.
 *
 * <p>Built in three passes over the (item, key) pairs: count per key, prefix sums, fill; the ids
 * of a key come out ascending because items are visited in id order. The caller keeps an item's
 * keys distinct (band keys hash their band number). Memory is 12 bytes a table slot plus 4 bytes
 * a pair of a key with several items and 4 bytes such a key (12.7 MB for the 34k items of
 * shared/corpora, 16 bands each). Thread-safe: read-only after construction.
 */
final class BandPostings {
    private final long[] keys;
    /** The id of slot {@code s}'s one item, or {@code -1 - at} when its count is {@code ids[at]}, its ids after it. */
    private final int[] entries;
    private final int[] ids;
    private final int mask;

    /**
     * @param pairs keys of item {@code i} at {@code [i * perItem, (i + 1) * perItem)}; 0 means none
     * @param perItem keys per item
     */
    BandPostings(long[] pairs, int perItem) {
        int capacity = Integer.highestOneBit(Math.max(16, pairs.length + pairs.length / 3)) << 1;
        keys = new long[capacity];
        entries = new int[capacity];
        mask = capacity - 1;
        int[] counts = new int[capacity];
        int[] slotOf = new int[pairs.length];
        for (int p = 0; p < pairs.length; p++) {
            if (pairs[p] == 0) {
                slotOf[p] = -1;
                continue;
            }
            int slot = probe(pairs[p]);
            keys[slot] = pairs[p];
            counts[slot]++;
            slotOf[p] = slot;
        }
        int shared = 0;
        for (int s = 0; s < capacity; s++) {
            if (counts[s] > 1) {
                entries[s] = -1 - shared;
                shared += 1 + counts[s];
            }
        }
        ids = new int[shared];
        int[] filled = new int[capacity];
        for (int p = 0; p < pairs.length; p++) {
            int slot = slotOf[p];
            if (slot < 0) {
                continue;
            }
            int id = p / perItem;
            if (counts[slot] == 1) {
                entries[slot] = id;
            } else {
                int at = -1 - entries[slot];
                ids[at] = counts[slot];
                ids[at + 1 + filled[slot]++] = id;
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

    /** How many items have the key of {@code slot}. */
    int count(int slot) {
        int e = entries[slot];
        return e >= 0 ? 1 : ids[-1 - e];
    }

    /** The {@code k}-th smallest id of the items having the key of {@code slot}, {@code k < count(slot)}. */
    int id(int slot, int k) {
        int e = entries[slot];
        return e >= 0 ? e : ids[-e + k];
    }

    /** Number of distinct keys. */
    int keys() {
        return (int) Arrays.stream(keys).filter(k -> k != 0).count();
    }

    long ramBytesUsed() {
        return keys.length * 12L + ids.length * 4L;
    }
}
