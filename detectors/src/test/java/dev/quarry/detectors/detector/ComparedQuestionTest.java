package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ComparedQuestionTest {
    private static final MinHasher HASHER = new MinHasher(64, 1);
    private static final String CONTEXT = "the quarterly report covers revenue costs hiring and the new office ".repeat(12);

    private static InferenceEvent event(String question) {
        return EventBuilder.event("e-" + question.hashCode()).client("c").at(Instant.parse("2026-11-01T00:00:00Z"))
                .user(CONTEXT + "\nQuestion: " + question).build();
    }

    @Test
    void comparesTheLastParagraphOfALongPrompt() {
        InferenceEvent e = event("what were the hiring costs");
        PromptFeatures f = PromptFeatures.of(e.request(), HASHER);
        assertEquals("question: what were the hiring costs", ComparedQuestion.of(e.request().userText(), f, 64, 24));
    }

    @Test
    void embedsOnceForTheSameEventAndAgainForAnother() {
        InferenceEvent e = event("what were the hiring costs");
        PromptFeatures f = PromptFeatures.of(e.request(), HASHER);
        ComparedQuestion.Embedded first = ComparedQuestion.embedded(e.request().userText(), f, 64, 24);
        assertSame(first, ComparedQuestion.embedded(e.request().userText(), f, 64, 24), "second detector, same event");
        assertArrayEquals(f.encoder().encode(first.text()), first.vector());

        ComparedQuestion.Embedded tail = ComparedQuestion.embedded(e.request().userText(), f, 4, 3);
        assertEquals("the hiring costs", tail.text(), "other parameters are not served from the memo");

        InferenceEvent other = event("what were the office costs");
        PromptFeatures g = PromptFeatures.of(other.request(), HASHER);
        ComparedQuestion.Embedded next = ComparedQuestion.embedded(other.request().userText(), g, 64, 24);
        assertNotSame(first, next);
        assertEquals("question: what were the office costs", next.text());
    }

    @Test
    void countsSpaceSeparatedFieldsAsSplitDoes() {
        for (String s : new String[] {"a", "a b", " a", "a ", "a  b", "   ", " ", "a b c  ", "  a  b  "}) {
            assertEquals(s.split(" ").length, ComparedQuestion.spaceFields(s), "'" + s + "'");
        }
    }
}
