package dev.quarry.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.ingest.EventBuilder;
import org.junit.jupiter.api.Test;

class PromptFeaturesTest {
    private final MinHasher hasher = new MinHasher(16, 1L);

    private int words(String userText) {
        return PromptFeatures.of(EventBuilder.event("e").client("c").user(userText).build().request(), hasher).words();
    }

    @Test
    void countsTheWordsOfTheNormalisedText() {
        assertEquals(0, words(""));
        assertEquals(0, words(" \t\n\u200b "));
        assertEquals(1, words("  hello  "));
        assertEquals(4, words("Translate\tthis,\n\nplease:  now"));
        assertEquals(3, words("\u00a0Größe\u3000ｆｕｌｌ width "));
        assertEquals(2, words("zero\u200bwidth joiner"));
    }
}
