package dev.quarry.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.ParseResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {
    /** Every archetype, one simulated hour: small enough to generate in every test. */
    private static final CorpusSpec HOUR = everyArchetype(CorpusSpec.defaults().withDuration(Duration.ofHours(1)));
    private static final List<InferenceEvent> EVENTS = all(new TrafficGenerator(HOUR));

    @Test
    void emitsEventsInNonDecreasingTimeOrder() {
        for (int i = 1; i < EVENTS.size(); i++) {
            assertTrue(EVENTS.get(i - 1).tsMillis() <= EVENTS.get(i).tsMillis(), "out of order at " + i);
        }
    }

    @Test
    void givesEveryEventAUniqueIdMadeOfItsClientAndSequence() {
        Set<String> ids = new HashSet<>();
        for (InferenceEvent e : EVENTS) {
            assertTrue(ids.add(e.eventId()), "duplicate " + e.eventId());
            assertTrue(e.eventId().matches(e.clientId() + "-\\d+"), e.eventId());
        }
    }

    @Test
    void keepsEveryEventInsideTheWindow() {
        long start = HOUR.start().toEpochMilli();
        long end = HOUR.end().toEpochMilli();
        assertTrue(EVENTS.stream().allMatch(e -> e.tsMillis() >= start && e.tsMillis() < end));
    }

    @Test
    void writesEveryEventAsALineThatEventParserAcceptsAndReadsBackEqual() {
        EventParser parser = new EventParser();
        for (InferenceEvent e : EVENTS) {
            ParseResult result = parser.parse(EventJson.toJsonLine(e), e.eventId());
            ParseResult.Valid valid = assertInstanceOf(ParseResult.Valid.class, result, () -> result.toString());
            assertEquals(e, valid.event());
        }
    }

    @Test
    void fillsIdentityUsageAndLatencyOnEveryEvent() {
        for (InferenceEvent e : EVENTS) {
            assertNotNull(e.orgId());
            assertNotNull(e.ip());
            assertNotNull(e.userAgent());
            assertNotNull(e.tlsFingerprint());
            assertFalse(e.model().isEmpty());
            assertNotNull(e.response().promptTokens());
            assertNotNull(e.response().completionTokens());
            assertNotNull(e.response().latencyMs());
            assertTrue(e.request().messages() != null || e.request().prompt() != null);
        }
    }

    @Test
    void generatesEveryArchetype() {
        Map<String, String> archetypeOf = new TrafficGenerator(HOUR).labels().stream()
                .collect(Collectors.toMap(ClientLabel::clientId, ClientLabel::archetype));
        Set<String> seen = EVENTS.stream().map(e -> archetypeOf.get(e.clientId())).collect(Collectors.toSet());
        for (ArchetypeKind kind : ArchetypeKind.values()) {
            assertTrue(seen.contains(kind.wireName()), kind.wireName());
        }
    }

    @Test
    void namesClientsLikeApiKeys() {
        List<ClientLabel> labels = new TrafficGenerator(CorpusSpec.defaults()).labels();
        assertEquals(49, labels.size());
        assertEquals(labels.size(), labels.stream().map(ClientLabel::clientId).distinct().count());
        assertTrue(labels.stream().allMatch(l -> l.clientId().matches("key_[0-9a-f]{10}")));
    }

    @Test
    void labelsAttackersAndTheirCoordinatedGroups() {
        for (ClientLabel l : new TrafficGenerator(CorpusSpec.defaults()).labels()) {
            ArchetypeKind kind = ArchetypeKind.fromWireName(l.archetype()).orElseThrow();
            assertEquals(kind.label().wireName(), l.label());
            assertEquals(l.isAttack() ? l.archetype() + "-group-1" : "", l.group());
        }
    }

    @Test
    void aLoneAttackerBelongsToNoGroup() {
        CorpusSpec lone = CorpusSpec.defaults().withCount(ArchetypeKind.LOGIT_BIAS_EXTRACTOR, 1);
        ClientLabel extractor = new TrafficGenerator(lone).labels().stream()
                .filter(l -> l.archetype().equals("logit_bias_extractor")).findFirst().orElseThrow();
        assertEquals("", extractor.group());
    }

    @Test
    void startsEachPassAfresh() {
        TrafficGenerator generator = new TrafficGenerator(HOUR);
        assertEquals(all(generator), all(generator));
    }

    @Test
    void sameSeedGivesTheSameEvents() {
        assertEquals(EVENTS, all(new TrafficGenerator(HOUR)));
    }

    @Test
    void differentSeedGivesDifferentClientsAndEvents() {
        TrafficGenerator other = new TrafficGenerator(HOUR.withSeed(43));
        assertNotEquals(new TrafficGenerator(HOUR).labels(), other.labels());
        assertNotEquals(EVENTS.get(0), other.events().next());
    }

    @Test
    void changingOneArchetypesCountLeavesTheOthersTrafficAlone() {
        CorpusSpec fewerUsers = HOUR.withCount(ArchetypeKind.CHAT_USER, 5);
        Set<String> distillerIds = new TrafficGenerator(HOUR).labels().stream()
                .filter(l -> l.archetype().equals("templated_distiller")).map(ClientLabel::clientId)
                .collect(Collectors.toSet());
        List<InferenceEvent> before = EVENTS.stream().filter(e -> distillerIds.contains(e.clientId())).toList();
        List<InferenceEvent> after = all(new TrafficGenerator(fewerUsers)).stream()
                .filter(e -> distillerIds.contains(e.clientId())).toList();
        assertFalse(before.isEmpty());
        assertEquals(before, after);
    }

    @Test
    void anEmptySpecYieldsNoEvents() {
        TrafficGenerator none = new TrafficGenerator(CorpusSpec.empty(1, HOUR.start(), HOUR.duration()));
        assertFalse(none.events().hasNext());
        assertTrue(none.labels().isEmpty());
    }

    private static CorpusSpec everyArchetype(CorpusSpec spec) {
        for (ArchetypeKind kind : ArchetypeKind.values()) {
            if (spec.count(kind) == 0) {
                // A corporate team sends little outside its office hours: teams enough that the hour sees a call.
                spec = spec.withCount(kind, kind.isFleet() ? 12 : kind == ArchetypeKind.CORPORATE_TEAM ? 40
                        : kind == ArchetypeKind.STUDENT ? 8 : 2);
            }
        }
        return spec;
    }

    private static List<InferenceEvent> all(TrafficGenerator generator) {
        List<InferenceEvent> events = new ArrayList<>();
        for (Iterator<InferenceEvent> it = generator.events(); it.hasNext(); ) {
            events.add(it.next());
        }
        return events;
    }
}
