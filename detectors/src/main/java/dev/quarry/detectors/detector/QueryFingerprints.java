package dev.quarry.detectors.detector;

import dev.quarry.fingerprint.Hashing;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Blacklight-style query fingerprints (Li et al. 2022, USENIX Security, "Blacklight: Scalable
 * Defense for Neural Networks against Query-Based Black-Box Attacks"), for text: a query's
 * fingerprint is the {@code k} largest hashes of its word 3-gram windows, and two queries match
 * when they share a given share of the shorter fingerprint. Blacklight hashes pixel windows of a
 * quantised image and keeps the top 50; a prompt has far fewer windows, so 16 and a share.
 *
 * <p>An instance is a client's ring of the fingerprints and 32-bit text hashes of its last
 * {@code capacity} queries, first in, first out ({@code 4 + 1 + 4k} bytes a query).
 * Encoding: {@code short k, short size, short next, then per row: int text hash, byte length,
 * length ints}. Not thread-safe: part of a {@link DetectorState}.
 */
final class QueryFingerprints {
    /**
     * Fingerprints of fewer windows (prompts under 6 words) never match: a chat user's short
     * follow-ups ("can you make that shorter?") share most of their few windows by nature.
     */
    static final int MIN_WINDOWS = 4;
    /** Per slot: the text hash, then {@code k} fingerprint hashes (unused tail slots are 0). */
    private final int[] slots;
    private final byte[] lengths;
    private final int k;
    private int size;
    private int next;

    QueryFingerprints(int capacity, int k) {
        if (k < 1 || k > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("fingerprint hashes must be in [1, 127]: " + k);
        }
        this.k = k;
        this.slots = new int[capacity * (k + 1)];
        this.lengths = new byte[capacity];
    }

    /**
     * Blacklight-style fingerprint: the {@code k} largest distinct hashes of the word 3-gram
     * windows (one window for shorter texts), sorted descending. Digits hash alike, so prompts
     * that differ only in their numbers share every window.
     */
    static int[] of(String text, int k) {
        int[] top = new int[k];
        int filled = 0;
        long w1 = 0;
        long w2 = 0;
        int words = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            long h = 0x2D35_8DCC_AA6C_78A5L;
            while (i < n && text.charAt(i) != ' ') {
                char c = text.charAt(i++);
                h = (h ^ (Character.isDigit(c) ? '0' : c)) * 0x100_0000_01B3L;
            }
            h = Hashing.mix64(h);
            words++;
            if (words >= 3) {
                filled = offer(top, filled, (int) (Hashing.combine(Hashing.combine(w2, w1), h) >>> 32));
            }
            w2 = w1;
            w1 = h;
        }
        if (words > 0 && words < 3) {
            filled = offer(top, filled, (int) (Hashing.combine(w2, w1) >>> 32));
        }
        return filled == k ? top : Arrays.copyOf(top, filled);
    }

    private static int offer(int[] top, int filled, int h) {
        for (int j = 0; j < filled; j++) {
            if (top[j] == h) {
                return filled;
            }
        }
        if (filled == top.length && h <= top[filled - 1]) {
            return filled;
        }
        int j = filled == top.length ? filled - 1 : filled++;
        while (j > 0 && top[j - 1] < h) {
            top[j] = top[j - 1];
            j--;
        }
        top[j] = h;
        return filled;
    }

    /** Whether one of the stored queries has exactly this text hash. */
    boolean containsText(int hash) {
        for (int r = 0; r < size; r++) {
            if (slots[r * (k + 1)] == hash) {
                return true;
            }
        }
        return false;
    }

    /** Whether a stored fingerprint shares at least {@code share} of the shorter one's hashes with {@code fp}. */
    boolean matches(int[] fp, double share) {
        for (int r = 0; r < size; r++) {
            int off = r * (k + 1) + 1;
            int len = lengths[r];
            // both fingerprints are sorted descending: count common values by merging
            int a = 0;
            int b = 0;
            int shared = 0;
            while (a < fp.length && b < len) {
                int x = fp[a];
                int y = slots[off + b];
                if (x == y) {
                    shared++;
                    a++;
                    b++;
                } else if (x > y) {
                    a++;
                } else {
                    b++;
                }
            }
            int shorter = Math.min(fp.length, len);
            if (shorter >= MIN_WINDOWS && shared >= share * shorter) {
                return true;
            }
        }
        return false;
    }

    /** Stores a query's text hash and fingerprint, overwriting the oldest when full. */
    void add(int textHash, int[] fp) {
        int off = next * (k + 1);
        slots[off] = textHash;
        Arrays.fill(slots, off + 1, off + k + 1, 0);
        System.arraycopy(fp, 0, slots, off + 1, fp.length);
        lengths[next] = (byte) fp.length;
        next = (next + 1) % lengths.length;
        size = Math.min(size + 1, lengths.length);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeShort(k);
        out.writeShort(size);
        out.writeShort(next);
        for (int r = 0; r < size; r++) {
            int off = r * (k + 1);
            out.writeInt(slots[off]);
            out.writeByte(lengths[r]);
            for (int j = 0; j < lengths[r]; j++) {
                out.writeInt(slots[off + 1 + j]);
            }
        }
    }

    /** Replaces this ring's content; a ring written with another {@code k} is dropped. */
    void readFrom(DataInput in) throws IOException {
        int writtenK = in.readShort();
        int written = in.readShort();
        int writtenNext = in.readShort();
        int capacity = lengths.length;
        size = 0;
        for (int r = 0; r < written; r++) {
            int textHash = in.readInt();
            int len = in.readByte();
            int[] fp = new int[len];
            for (int j = 0; j < len; j++) {
                fp[j] = in.readInt();
            }
            if (r < capacity && writtenK == k) {
                int off = r * (k + 1);
                slots[off] = textHash;
                System.arraycopy(fp, 0, slots, off + 1, len);
                lengths[r] = (byte) len;
                size++;
            }
        }
        next = size == 0 ? 0 : written <= capacity ? writtenNext % capacity : 0;
    }
}
