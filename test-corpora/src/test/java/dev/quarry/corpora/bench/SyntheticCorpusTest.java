package dev.quarry.corpora.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.ParseResult;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticCorpusTest {
    private final SyntheticCorpus corpus = new SyntheticCorpus(60, 5, 42);

    @Test
    void sameSeedGivesTheSameBytes() {
        SyntheticCorpus again = new SyntheticCorpus(60, 5, 42);
        for (long k = 0; k < corpus.size(); k++) {
            assertArrayEquals(EventJson.toBytes(corpus.event(k)), EventJson.toBytes(again.event(k)), "event " + k);
        }
    }

    @Test
    void anotherSeedGivesOtherPrompts() {
        SyntheticCorpus other = new SyntheticCorpus(60, 5, 43);
        long differing = 0;
        for (long k = 0; k < corpus.size(); k++) {
            if (!Arrays.equals(EventJson.toBytes(corpus.event(k)), EventJson.toBytes(other.event(k)))) {
                differing++;
            }
        }
        assertTrue(differing > corpus.size() / 2, differing + " of " + corpus.size());
    }

    @Test
    void everyEventIsContractValidAndReadsBackEqual() {
        EventParser parser = new EventParser();
        for (InferenceEvent e : corpus) {
            ParseResult r = parser.parse(EventJson.toBytes(e), "test");
            ParseResult.Valid valid = assertInstanceOf(ParseResult.Valid.class, r, () -> r.toString());
            assertEquals(e, valid.event());
        }
    }

    @Test
    void extractorsOfAMillionClientCorpusStayContractValid() {
        SyntheticCorpus large = new SyntheticCorpus(1_000_000, 2, 42);
        EventParser parser = new EventParser();
        for (long k : new long[] {999_980, 1_999_980, 300_000, 1_300_000}) {
            InferenceEvent e = large.event(k);
            assertEquals(SyntheticCorpus.Kind.LOGIT_BIAS_EXTRACTOR, SyntheticCorpus.kindOf((int) (k % 1_000_000)));
            assertInstanceOf(ParseResult.Valid.class, parser.parse(EventJson.toBytes(e), "test"), () -> "event " + k);
        }
    }

    @Test
    void eventIdsAreUniqueAndTimesRise() {
        Set<String> ids = new HashSet<>();
        long last = Long.MIN_VALUE;
        long n = 0;
        for (InferenceEvent e : corpus) {
            assertTrue(ids.add(e.eventId()), e.eventId());
            assertTrue(e.tsMillis() > last);
            last = e.tsMillis();
            n++;
        }
        assertEquals(300, n);
        assertEquals(300, corpus.size());
    }

    @Test
    void mixIsMostlyChatWithSomeLogitBiasAndTemplatedTraffic() {
        Map<SyntheticCorpus.Kind, Integer> clients = new EnumMap<>(SyntheticCorpus.Kind.class);
        for (int c = 0; c < 1000; c++) {
            clients.merge(SyntheticCorpus.kindOf(c), 1, Integer::sum);
        }
        assertEquals(850, clients.get(SyntheticCorpus.Kind.CHAT));
        assertEquals(50, clients.get(SyntheticCorpus.Kind.LOGIT_BIAS_EXTRACTOR));
        assertEquals(50, clients.get(SyntheticCorpus.Kind.TEMPLATED_DISTILLER));
        assertEquals(50, clients.get(SyntheticCorpus.Kind.CLASSIFIER));
    }

    @Test
    void extractorsBiasANewBlockOfIdsEachCall() {
        InferenceEvent first = corpus.event(0);
        InferenceEvent second = corpus.event(corpus.clients());
        assertEquals(first.clientId(), second.clientId());
        assertEquals(SyntheticCorpus.SWEEP_BLOCK, first.request().logitBias().size());
        assertEquals(Integer.valueOf(1), first.request().maxTokens());
        assertFalse(first.request().logitBias().keySet().containsAll(second.request().logitBias().keySet()));
    }

    @Test
    void eventKRoundRobinsOverClients() {
        assertEquals(SyntheticCorpus.clientId(7), corpus.event(7).clientId());
        assertEquals(SyntheticCorpus.clientId(7), corpus.event(67).clientId());
        assertEquals(SyntheticCorpus.clientId(7) + "-1", corpus.event(67).eventId());
    }

    @Test
    void rejectsIndicesOutsideTheCorpus() {
        assertThrows(IndexOutOfBoundsException.class, () -> corpus.event(300));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticCorpus(0, 1, 1));
    }
}
