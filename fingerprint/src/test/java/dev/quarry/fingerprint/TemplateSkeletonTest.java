package dev.quarry.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TemplateSkeletonTest {

    @Test
    void masksNumbersSoArithmeticPromptsShareASkeleton() {
        assertEquals(TemplateSkeleton.of("Solve 12 + 7 = ?"), TemplateSkeleton.of("Solve 3 + 99 = ?"));
    }

    @Test
    void masksQuotedSpansUrlsAndEmails() {
        String s = TemplateSkeleton.of("Translate \"good morning\" and mail it to bob@example.com, see https://x.org/a?b=1");
        assertEquals("translate <q> and mail it to <email>, see <url>", s);
    }

    @Test
    void masksIdLikeTokens() {
        assertTrue(TemplateSkeleton.of("order 3f9a2c7d1e0b44aa failed").contains("<id>"));
    }

    @Test
    void normalisesCaseWhitespaceAndInvisibleCharacters() {
        assertEquals(TemplateSkeleton.of("Task:   Explain\u200B gravity"), TemplateSkeleton.of("task: explain gravity"));
    }

    @Test
    void dropsBidiOverridesInsteadOfKeepingThem() {
        assertFalse(TextNormaliser.normalise("abc\u202Edef").contains("\u202E"));
    }

    @Test
    void keepsFreeTextFills() {
        assertFalse(TemplateSkeleton.of("Task: write a poem").equals(TemplateSkeleton.of("Task: explain tides")));
    }

    @Test
    void masksAnIdOnlyWhereTheCheapRunTestSaysOneMayBe() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "0123456789abcdefg_- x.";
        int matched = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(40); k > 0; k--) {
                b.append(alphabet.charAt(random.nextInt(random.nextBoolean() ? 10 : alphabet.length())));
            }
            String s = b.toString();
            boolean match = TemplateSkeleton.ID.matcher(s).find();
            matched += match ? 1 : 0;
            assertTrue(!match || TemplateSkeleton.hasIdRun(s), s);
        }
        assertTrue(matched > 1_000, "the random strings should often hold an id: " + matched);
        assertEquals("order <id> shipped", TemplateSkeleton.of("Order 3f9a1c2e7b4d shipped"));
        assertFalse(TemplateSkeleton.hasIdRun("in 2024 we faced a decade of bad feedback"));
    }

    /** Random texts over the characters the two patterns turn on, long enough for the 200-character bound. */
    private static String randomText(Random r, String alphabet, int maxLength) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(maxLength);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Test
    void masksNumbersExactlyAsTheNumberPatternDoes() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String s = randomText(r, "0123456789,.e+-% ax", 40);
            assertEquals(TemplateSkeleton.NUMBER.matcher(s).replaceAll("<num>"), TemplateSkeleton.maskNumbers(s), s);
        }
        assertEquals("pay <num> of <num> by <num> -x <num>e", TemplateSkeleton.maskNumbers("pay 1,200.50% of 3e-7 by +4, -x 5e"));
    }

    @Test
    void masksQuotedSpansExactlyAsTheQuotedPatternDoes() {
        Random r = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            String s = randomText(r, "\"'`\u201c\u201d\nab ", i % 10 == 0 ? 600 : 30);
            assertEquals(TemplateSkeleton.QUOTED.matcher(s).replaceAll("<q>"), TemplateSkeleton.maskQuoted(s), s);
        }
        String longQuote = "\"" + "a".repeat(200) + "\" \"" + "a".repeat(201) + "\"";
        assertEquals(TemplateSkeleton.QUOTED.matcher(longQuote).replaceAll("<q>"), TemplateSkeleton.maskQuoted(longQuote));
    }
}
