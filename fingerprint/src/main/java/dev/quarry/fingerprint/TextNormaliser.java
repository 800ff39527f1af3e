package dev.quarry.fingerprint;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Puts prompt text into a canonical form before fingerprinting, so that trivial variation (case,
 * Unicode compatibility forms, invisible and control characters, runs of white space) does not
 * hide a template. Stateless and thread-safe.
 *
 * <p>Invisible format characters (zero-width joiners, bidirectional overrides) are removed
 * rather than kept: attackers insert them precisely to defeat exact matching.
 */
public final class TextNormaliser {
    private TextNormaliser() {}

    /** NFKC, lower case (root locale), format/control characters dropped, white space collapsed. */
    public static String normalise(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        // ASCII text is its own NFKC form and lower-cases letter by letter; it is most prompts,
        // and this is the one pass over them instead of three (normalizer, lower case, filter).
        if (isAscii(text)) {
            return normaliseAscii(text);
        }
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        char[] out = new char[nfkc.length()];
        int k = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < nfkc.length(); i++) {
            char c = nfkc.charAt(i);
            int kind = c < 128 ? ASCII[c] : kind(c);
            if (kind == SPACE) {
                pendingSpace = k > 0;
                continue;
            }
            if (kind == DROP) {
                continue;
            }
            if (pendingSpace) {
                out[k++] = ' ';
                pendingSpace = false;
            }
            out[k++] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return new String(out, 0, k);
    }

    /**
     * {@link #normalise} of ASCII text, written as the Latin-1 bytes a Java string of ASCII keeps,
     * and copied into the string once at the end. A {@link StringBuilder} checks its capacity and
     * coder on every character: most of this method's samples in a profile of a replay, and it
     * runs on every prompt several times. The output is never longer than the input: a space is
     * written only for a white space character read, any other character read gives at most one.
     */
    private static String normaliseAscii(String text) {
        int n = text.length();
        byte[] out = new byte[n];
        int k = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            byte kind = ASCII[c];
            if (kind == SPACE) {
                pendingSpace = k > 0;
                continue;
            }
            if (kind == DROP) {
                continue;
            }
            if (pendingSpace) {
                out[k++] = ' ';
                pendingSpace = false;
            }
            out[k++] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
        return new String(out, 0, k, StandardCharsets.ISO_8859_1);
    }

    private static final byte KEEP = 0;
    private static final byte SPACE = 1;
    private static final byte DROP = 2;
    /** {@link #kind} of every ASCII character, looked up instead of computed. */
    private static final byte[] ASCII = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII[c] = kind(c);
        }
    }

    /** White space (collapsed), a format or control character (dropped), or anything else (kept). */
    private static byte kind(char c) {
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            return SPACE;
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.CONTROL ? DROP : KEEP;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }
}
