package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class InferenceRequestTest {
    @Test
    void systemTextIsTheOneSystemMessageItself() {
        String system = "You are a careful assistant.";
        InferenceRequest r = EventBuilder.event("e").system(system).user("u").assistant("a").build().request();
        assertSame(system, r.systemText());
    }

    @Test
    void systemTextJoinsSystemAndDeveloperMessagesByLines() {
        InferenceRequest r = EventBuilder.event("e").system("").user("u").developer("d1").system("s2").build()
                .request();
        assertEquals("d1\ns2", r.systemText());
    }

    @Test
    void systemTextIsEmptyWithoutSystemMessages() {
        assertEquals("", EventBuilder.event("e").user("u").build().request().systemText());
        assertEquals("", EventBuilder.event("e").prompt("p").build().request().systemText());
    }
}
