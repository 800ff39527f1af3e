package dev.quarry.fingerprint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.quarry.fingerprint.encoder.HashingEncoder;
import dev.quarry.ingest.InferenceRequest;

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

    private static InferenceRequest request(String userText) {
        return EventBuilder.event("e").client("c").user(userText).build().request();
    }

    @Test
    void recalledFeaturesOfATextSeenBeforeAreThoseOfTheText() {
        HashingEncoder encoder = new HashingEncoder();
        String text = "Explain, in two sentences, why 17 is prime.";
        PromptFeatures first = PromptFeatures.recalled(request(text), hasher, encoder);
        first.signature();
        first.embedding();
        first.derived("key", () -> "first event's");
        // The same text in another event (another String), then a text between that may take its slot.
        PromptFeatures again = PromptFeatures.recalled(request(new String(text.toCharArray())), hasher, encoder);
        PromptFeatures fresh = PromptFeatures.of(request(text), hasher, encoder);
        assertEquals(fresh.normalised(), again.normalised());
        assertEquals(fresh.skeleton(), again.skeleton());
        assertEquals(fresh.words(), again.words());
        assertEquals(fresh.textHash(), again.textHash());
        assertArrayEquals(fresh.signature(), again.signature());
        assertArrayEquals(fresh.embedding(), again.embedding());
        assertEquals("second event's", again.derived("key", () -> "second event's"), "derived values are per event");
        // Another hasher or encoder computes its own.
        MinHasher other = new MinHasher(16, 2L);
        assertArrayEquals(PromptFeatures.of(request(text), other).signature(),
                PromptFeatures.recalled(request(text), other, encoder).signature());
        assertNotEquals(java.util.Arrays.toString(fresh.signature()),
                java.util.Arrays.toString(PromptFeatures.recalled(request(text), other, encoder).signature()));
        assertEquals(8, PromptFeatures.recalled(request(text), new MinHasher(8, 1L), new HashingEncoder(64)).signature().length);
        assertEquals(64, PromptFeatures.recalled(request(text), hasher, new HashingEncoder(64)).embedding().length);
        // A long text is computed for its event alone, with the same result.
        String longText = "word ".repeat(PromptFeatures.RECALLED_CHARS);
        assertArrayEquals(PromptFeatures.of(request(longText), hasher, encoder).signature(),
                PromptFeatures.recalled(request(longText), hasher, encoder).signature());
    }
}
