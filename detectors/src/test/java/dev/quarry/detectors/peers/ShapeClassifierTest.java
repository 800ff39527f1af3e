package dev.quarry.detectors.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.detectors.config.PeersConfig;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShapeClassifierTest {
    private static final long MIN = 60_000;
    private final ShapeClassifier classifier = new ShapeClassifier(new PeersConfig());

    private static EventBuilder call(int i, long ts) {
        return EventBuilder.event("e" + i).client("key_a").at(ts);
    }

    @Test
    void anOrganisationsKeyWithOneSystemPromptAndVariedUserTurnsIsAProduct() {
        ShapeState s = new ShapeState();
        for (int i = 0; i < 60; i++) {
            s.observe(call(i, i * MIN).org("org_a").system("You are the writing assistant of a shop.")
                    .user("Draft a note about order " + i).build());
        }
        assertEquals(ClientShape.PRODUCT, classifier.classify(s));
    }

    @Test
    void anOrganisationAloneDoesNotMakeAProduct() {
        ShapeState s = new ShapeState();
        Random r = new Random(1);
        long ts = 0;
        for (int i = 0; i < 60; i++) {
            // A developer of an organisation, bursts and pauses, no system prompt.
            ts += r.nextInt(10) < 8 ? 20_000 : 3 * 3_600_000L;
            s.observe(call(i, ts).org("org_a").user("question " + i).build());
        }
        assertEquals(ClientShape.PERSONAL, classifier.classify(s));
    }

    @Test
    void manySourcesAndOneSystemPromptWithoutAnOrganisationIsAProduct() {
        ShapeState s = new ShapeState();
        for (int i = 0; i < 60; i++) {
            s.observe(call(i, i * MIN).ip("10.0.0." + (i % 5)).system("You answer support tickets.")
                    .user("ticket " + i).build());
        }
        assertEquals(ClientShape.PRODUCT, classifier.classify(s));
    }

    @Test
    void regularCadenceThroughEveryHourIsABatchJob() {
        ShapeState s = new ShapeState();
        for (int i = 0; i < 600; i++) {
            s.observe(call(i, i * MIN + (i % 3) * 1000).user("summarise document " + i).build());
        }
        assertEquals(ClientShape.BATCH, classifier.classify(s));
    }

    @Test
    void burstsAndPausesAreAPersonalKey() {
        ShapeState s = new ShapeState();
        Random r = new Random(7);
        long ts = 0;
        for (int i = 0; i < 200; i++) {
            ts += r.nextInt(20) == 0 ? 2 * 3_600_000L : 5_000 + r.nextInt(60_000);
            s.observe(call(i, ts).user("message " + i).build());
        }
        assertEquals(ClientShape.PERSONAL, classifier.classify(s));
    }

    @Test
    void aClientWithFewEventsHasNoShape() {
        ShapeState s = new ShapeState();
        for (int i = 0; i < 29; i++) {
            s.observe(call(i, i * MIN).org("org_a").system("fixed").user("u" + i).build());
        }
        assertEquals(ClientShape.UNKNOWN, classifier.classify(s));
    }

    @Test
    void stateSurvivesEncoding() throws IOException {
        ShapeState s = new ShapeState();
        for (int i = 0; i < 60; i++) {
            InferenceEvent e = call(i, i * MIN).org("org_a").ip("10.0.0." + i % 3).userAgent("app/" + i % 2)
                    .system("fixed").user("u" + i).build();
            s.observe(e);
        }
        s.shape(classifier.classify(s));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.writeTo(new DataOutputStream(bytes));
        ShapeState back = ShapeState.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        back.writeTo(new DataOutputStream(again));
        assertEquals(java.util.Arrays.toString(bytes.toByteArray()), java.util.Arrays.toString(again.toByteArray()));
        assertEquals(ClientShape.PRODUCT, back.shape());
        assertEquals(classifier.classify(s), classifier.classify(back));
    }
}
