package dev.quarry.ingest;

import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 checks and sizes, allocation-free. "Strict" means what {@link
 * java.nio.charset.CodingErrorAction#REPORT} rejects: overlong forms, UTF-16 surrogates and code
 * points above U+10FFFF are invalid. Stateless; thread-safe.
 */
final class Utf8 {
    /** Outcome of {@link #check}. */
    enum Check {
        VALID,
        /** Valid UTF-8 that contains a NUL byte (never valid JSON, but see {@link EventParser}). */
        VALID_WITH_NUL,
        INVALID
    }

    private Utf8() {}

    static Check check(byte[] b, int off, int len) {
        boolean nul = false;
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i];
            if (c >= 0) {
                nul |= c == 0;
                i++;
                continue;
            }
            c &= 0xFF;
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (c < 0xC2) {
                return Check.INVALID; // stray continuation byte or overlong 2-byte form
            } else if (c < 0xE0) {
                need = 1;
            } else if (c < 0xF0) {
                need = 2;
                if (c == 0xE0) lo = 0xA0; // overlong
                if (c == 0xED) hi = 0x9F; // UTF-16 surrogates
            } else if (c < 0xF5) {
                need = 3;
                if (c == 0xF0) lo = 0x90; // overlong
                if (c == 0xF4) hi = 0x8F; // above U+10FFFF
            } else {
                return Check.INVALID;
            }
            if (i + need >= end) {
                return Check.INVALID; // sequence cut off by the end of the input
            }
            int c1 = b[i + 1] & 0xFF;
            if (c1 < lo || c1 > hi) return Check.INVALID;
            for (int k = 2; k <= need; k++) {
                if ((b[i + k] & 0xC0) != 0x80) return Check.INVALID;
            }
            i += need + 1;
        }
        return nul ? Check.VALID_WITH_NUL : Check.VALID;
    }

    /**
     * True when {@code s} holds a surrogate without its partner. Such text has no UTF-8 form (JSON
     * can carry it only as a {@code \\uD800} escape), so it could not be written back.
     */
    static boolean hasUnpairedSurrogate(CharSequence s) {
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < len
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Bytes {@code s} takes in UTF-8 as {@link String#getBytes} would write it (a lone surrogate
     * becomes the one-byte {@code '?'}).
     */
    static long encodedLength(CharSequence s) {
        long n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /**
     * The first {@code maxChars} chars of {@code b} decoded leniently (malformed input becomes
     * U+FFFD), decoding only the bytes needed: a char takes at most 3 bytes, so the prefix that
     * is decoded always yields enough chars, and a sequence cut at its end is dropped again by
     * the truncation.
     */
    static String decodePrefix(byte[] b, int maxChars) {
        int n = (int) Math.min(b.length, 3L * maxChars + 3);
        return truncate(new String(b, 0, n, StandardCharsets.UTF_8), maxChars);
    }

    /** At most {@code maxChars} chars of {@code s}, never ending in half a surrogate pair. */
    static String truncate(String s, int maxChars) {
        return TextClip.prefix(s, maxChars);
    }
}
