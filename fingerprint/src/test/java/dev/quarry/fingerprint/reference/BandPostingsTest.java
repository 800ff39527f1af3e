package dev.quarry.fingerprint.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BandPostingsTest {

    private static List<Integer> ids(BandPostings p, long key) {
        List<Integer> out = new ArrayList<>();
        int slot = p.slot(key);
        if (slot >= 0) {
            for (int k = 0; k < p.count(slot); k++) {
                out.add(p.id(slot, k));
            }
        }
        return out;
    }

    @Test
    void listsTheItemsOfAKeyInAscendingOrder() {
        // item 0: keys 7, 9; item 1: 9, 0 (none); item 2: 9, 7
        BandPostings p = new BandPostings(new long[] {7, 9, 9, 0, 9, 7}, 2);
        assertEquals(List.of(0, 2), ids(p, 7));
        assertEquals(List.of(0, 1, 2), ids(p, 9));
        assertEquals(2, p.keys());
    }

    @Test
    void answersNothingForAnUnknownKeyEvenWhenKeysCollideInTheTable() {
        long[] keys = new long[4_000];
        for (int i = 0; i < keys.length; i++) {
            long k = i + 1;
            keys[i] = k << 32 | k; // the halves cancel in the table hash: every key probes from slot 0
        }
        BandPostings p = new BandPostings(keys, 1);
        assertEquals(-1, p.slot(12345));
        assertEquals(List.of(3_999), ids(p, 4_000L << 32 | 4_000L));
    }
}
