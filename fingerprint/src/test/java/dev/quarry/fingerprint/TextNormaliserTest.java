package dev.quarry.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextNormaliserTest {

    @Test
    void lowerCasesCollapsesWhiteSpaceAndDropsInvisibleCharacters() {
        assertEquals("solve 12 + 7 = ?", TextNormaliser.normalise("  Solve\t12 +\u00a07 =\n\n ?  "));
        assertEquals("ignore previous", TextNormaliser.normalise("Ig\u200bnore\u0007 PREVIOUS"));
        assertEquals("file 1", TextNormaliser.normalise("\ufb01LE \u2460"));
        assertEquals("", TextNormaliser.normalise(" \r\n\t"));
    }

    @Test
    void givesWhatNfkcLowerCaseAndTheCharacterClassesGiveOnAsciiAndMixedText() {
        Random rnd = new Random(7);
        char[] alphabet = ("abcXYZ 019\t\n\r\u000b\f\u001c\u001f\u0000\u0008\u007f.,:;\"'`-_"
                + "\u00a0\u2003\u200b\u200d\u202e\ufeff\u00e9\u0301\u00c9\ufb01\u2460\u2163\u0130\u03a3").toCharArray();
        for (int n = 0; n < 20_000; n++) {
            int len = rnd.nextInt(40);
            boolean ascii = rnd.nextBoolean();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) {
                char c = ascii ? (char) rnd.nextInt(128) : alphabet[rnd.nextInt(alphabet.length)];
                sb.append(c);
            }
            String text = sb.toString();
            assertEquals(reference(text), TextNormaliser.normalise(text), "of " + text.chars().boxed().toList());
        }
    }

    /** The definition, written plainly: NFKC, root-locale lower case, then the character filter. */
    private static String reference(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder();
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
