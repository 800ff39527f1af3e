package dev.quarry.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.ParseResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.Namespace;
import org.junit.jupiter.api.Test;

class PerFamilyTest {
    private static final Set<ArchetypeKind> NEW = EnumSet.range(ArchetypeKind.REWARD_HARVESTER,
            ArchetypeKind.TUTORING_PLATFORM);
    /** Three clients (accounts) of every family for one hour. */
    private static final CorpusSpec SPEC = CorpusSpec.empty(5, CorpusSpec.DEFAULT_START, Duration.ofHours(1))
            .withAtLeast(3, false);

    private final GenerateCommand command =
            new GenerateCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    @Test
    void perFamilyPutsAtLeastNClientsInEveryFamilyOnTopOfTheMix() throws ArgumentParserException {
        CorpusSpec mix = GenerateCommand.spec(parse("--out", "x", "--clients", "1000"));
        CorpusSpec spec = GenerateCommand.spec(parse("--out", "x", "--clients", "1000", "--per-family", "50"));
        for (ArchetypeKind kind : ArchetypeKind.values()) {
            int expected = kind == ArchetypeKind.WATERMARK_ECHO ? 0 : Math.max(50, mix.count(kind));
            assertEquals(expected, spec.count(kind), kind.wireName());
        }
        assertEquals(mix.count(ArchetypeKind.CHAT_USER), spec.count(ArchetypeKind.CHAT_USER), "the mix stays");
    }

    @Test
    void perFamilyIncludesTheOptInFamilyOnlyWithAWatermarkKey() throws ArgumentParserException {
        assertEquals(7, GenerateCommand.spec(parse("--out", "x", "--per-family", "7", "--watermark-key", "ab12"))
                .count(ArchetypeKind.WATERMARK_ECHO));
    }

    @Test
    void aPerArchetypeFlagStillOverridesPerFamily() throws ArgumentParserException {
        assertEquals(2, GenerateCommand.spec(parse("--out", "x", "--per-family", "9", "--reward-harvesters", "2"))
                .count(ArchetypeKind.REWARD_HARVESTER));
    }

    @Test
    void everyFamilyGetsItsClientsAndFleetsCountMemberAccounts() {
        Map<String, Long> perArchetype = new TrafficGenerator(SPEC).labels().stream()
                .collect(Collectors.groupingBy(ClientLabel::archetype, Collectors.counting()));
        for (ArchetypeKind kind : ArchetypeKind.values()) {
            long expected = kind.isOptIn() ? 0 : 3;
            assertEquals(expected, perArchetype.getOrDefault(kind.wireName(), 0L), kind.wireName());
        }
        Set<String> fleetGroups = new TrafficGenerator(SPEC).labels().stream()
                .filter(l -> l.archetype().equals("dataset_split_fleet")).map(ClientLabel::group)
                .collect(Collectors.toSet());
        assertEquals(1, fleetGroups.size(), "three accounts make one fleet");
    }

    @Test
    void everyGeneratedLinePassesTheEventParser() {
        EventParser parser = new EventParser();
        long n = 0;
        for (Iterator<InferenceEvent> it = new TrafficGenerator(SPEC).events(); it.hasNext(); n++) {
            InferenceEvent e = it.next();
            ParseResult r = parser.parse(EventJson.toJsonLine(e), e.eventId());
            ParseResult.Valid valid = assertInstanceOf(ParseResult.Valid.class, r, r::toString);
            assertEquals(e, valid.event());
        }
        assertTrue(n > 1_000, "events " + n);
    }

    @Test
    void theNewFamiliesAreDeterministicPerSeedAndDifferAcrossSeeds() {
        CorpusSpec spec = CorpusSpec.empty(9, CorpusSpec.DEFAULT_START, Duration.ofHours(2));
        for (ArchetypeKind kind : NEW) {
            spec = spec.withCount(kind, 2);
        }
        List<InferenceEvent> a = all(new TrafficGenerator(spec));
        assertEquals(a, all(new TrafficGenerator(spec)));
        assertTrue(a.size() > 500, "events " + a.size());
        List<InferenceEvent> other = all(new TrafficGenerator(spec.withSeed(10)));
        assertTrue(!a.equals(other));
    }

    private static List<InferenceEvent> all(TrafficGenerator g) {
        List<InferenceEvent> out = new ArrayList<>();
        g.events().forEachRemaining(out::add);
        return out;
    }

    private Namespace parse(String... args) throws ArgumentParserException {
        ArgumentParser parser = ArgumentParsers.newFor("quarry").build();
        command.configure(parser.addSubparsers().addParser(command.getName()));
        String[] line = new String[args.length + 1];
        line[0] = command.getName();
        System.arraycopy(args, 0, line, 1, args.length);
        return parser.parseArgs(line);
    }
}
