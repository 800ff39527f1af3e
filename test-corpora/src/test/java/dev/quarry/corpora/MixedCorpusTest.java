package dev.quarry.corpora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.source.Sources;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.ParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixedCorpusTest {
    /** A thousand keys for twenty minutes: every family present, a couple of seconds to generate. */
    private static final CorpusSpec MIX = CorpusSpec.mix(11, 1_000).withDuration(Duration.ofMinutes(20));

    private static Path fixture() throws java.net.URISyntaxException {
        return Path.of(MixedCorpusTest.class.getResource("/corpora-fixture").toURI());
    }

    @Test
    void theSameSeedAndClientCountGiveByteIdenticalCorpora(@TempDir Path dir) throws Exception {
        new CorpusWriter(dir.resolve("a")).write(new TrafficGenerator(MIX));
        new CorpusWriter(dir.resolve("b")).write(new TrafficGenerator(MIX));
        for (String f : new String[] {CorpusWriter.EVENTS_FILE, CorpusWriter.LABELS_FILE}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);
        }
    }

    @Test
    void theSameSeedAndTextSourceGiveIdenticalEvents() throws Exception {
        Sources sources = Sources.of(fixture(), fixture());
        Iterator<InferenceEvent> a = new TrafficGenerator(MIX, sources).events();
        Iterator<InferenceEvent> b = new TrafficGenerator(MIX, Sources.of(fixture(),
                fixture())).events();
        while (a.hasNext()) {
            assertEquals(a.next(), b.next());
        }
        assertTrue(!b.hasNext());
    }

    @Test
    void promptsComeFromTheTextSourceWhenItIsGiven() throws Exception {
        Sources sources = Sources.of(fixture(), null);
        long fixtureText = 0;
        for (Iterator<InferenceEvent> it = new TrafficGenerator(MIX, sources).events(); it.hasNext(); ) {
            InferenceEvent e = it.next();
            if (e.request().messages() != null
                    && e.request().messages().stream().anyMatch(m -> m.content().contains("Fixture"))) {
                fixtureText++;
            }
        }
        assertTrue(fixtureText > 100, "events with fixture text " + fixtureText);
    }

    @Test
    void everyEventOfTheMixParsesWithTheEventParser() {
        EventParser parser = new EventParser();
        Set<String> archetypes = new TrafficGenerator(MIX).labels().stream().map(ClientLabel::archetype)
                .collect(Collectors.toSet());
        assertEquals(ClientMix.SHARES.size(), archetypes.size()); // all but the opt-in watermark_echo
        long n = 0;
        for (Iterator<InferenceEvent> it = new TrafficGenerator(MIX).events(); it.hasNext(); n++) {
            InferenceEvent e = it.next();
            ParseResult r = parser.parse(EventJson.toJsonLine(e), e.eventId());
            assertInstanceOf(ParseResult.Valid.class, r, r::toString);
        }
        assertTrue(n > 5_000, "events " + n);
    }
}
