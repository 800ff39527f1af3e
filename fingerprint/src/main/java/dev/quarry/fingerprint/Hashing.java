package dev.quarry.fingerprint;

/**
 * Small, fast, deterministic hash functions. The values are part of Quarry's persisted state
 * (template signatures live in state stores and must compare equal across restarts and between
 * the live and replay paths), so these functions never change for a given state format version.
 * Stateless and thread-safe.
 */
public final class Hashing {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hashing() {}

    /** The SplitMix64 finaliser: a bijective 64-bit mixer with good avalanche. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 64-bit FNV-1a over the UTF-16 code units of {@code s[from, to)}, then mixed. */
    public static long hash64(CharSequence s, int from, int to) {
        long h = FNV_OFFSET;
        for (int i = from; i < to; i++) {
            h ^= s.charAt(i);
            h *= FNV_PRIME;
        }
        return mix64(h);
    }

    /** 64-bit hash of a whole string. */
    public static long hash64(CharSequence s) {
        return hash64(s, 0, s.length());
    }

    /** Combines two hashes order-dependently. */
    public static long combine(long a, long b) {
        return mix64(a * 31 + b + 0x9E3779B97F4A7C15L);
    }
}
