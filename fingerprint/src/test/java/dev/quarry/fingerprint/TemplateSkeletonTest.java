package dev.quarry.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
