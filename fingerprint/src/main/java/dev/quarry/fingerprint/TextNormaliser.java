package dev.quarry.fingerprint;

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
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(nfkc.length());
        boolean pendingSpace = false;
        for (int i = 0; i < nfkc.length(); i++) {
            char c = nfkc.charAt(i);
            int type = Character.getType(c);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = sb.length() > 0;
                continue;
            }
            if (type == Character.FORMAT || type == Character.CONTROL) {
                continue;
            }
            if (pendingSpace) {
                sb.append(' ');
                pendingSpace = false;
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
