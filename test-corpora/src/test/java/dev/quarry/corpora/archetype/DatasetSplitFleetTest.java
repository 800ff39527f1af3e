package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.source.Sources;
import dev.quarry.ingest.InferenceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSplitFleetTest {
    private static final TrafficGeneratorHolder H = new TrafficGeneratorHolder(ArchetypeKind.DATASET_SPLIT_FLEET, 70, 6);

    @Test
    void fleetsOfTenToSixtyShareAGroupLabelAndNoInfrastructure() {
        Map<String, List<ClientProfile>> fleets = H.profiles().stream().collect(Collectors.groupingBy(ClientProfile::group));
        assertFalse(fleets.containsKey(""));
        for (List<ClientProfile> members : fleets.values()) {
            assertTrue(members.size() >= 10 && members.size() <= 70, "fleet of " + members.size());
            for (Function<ClientProfile, String> field : List.<Function<ClientProfile, String>>of(
                    ClientProfile::paymentFingerprint, ClientProfile::orgId, ClientProfile::ip,
                    ClientProfile::tlsFingerprint)) {
                assertEquals(members.size(), members.stream().map(field).distinct().count());
            }
            assertTrue(members.stream().map(ClientProfile::userAgent).distinct().count() > members.size() / 2);
        }
    }

    @Test
    void membersWalkDisjointSlicesOfOneDatasetItemByItem() {
        Map<String, List<long[]>> slices = new HashMap<>();
        for (ClientProfile p : H.profiles()) {
            DatasetSplitFleet.Plan plan = DatasetSplitFleet.Plan.of(p, dev.quarry.corpora.source.Sources.builtIn());
            long from = plan.from(p.groupRank());
            long to = plan.to(p.groupRank(), dev.quarry.corpora.source.Sources.builtIn());
            for (long[] other : slices.computeIfAbsent(p.group(), g -> new java.util.ArrayList<>())) {
                assertTrue(to <= other[0] || from >= other[1], "slices overlap");
            }
            slices.get(p.group()).add(new long[] {from, to});
            List<InferenceEvent> events = H.traffic().get(p.clientId());
            assertTrue(events.size() > 20 && events.size() <= to - from, "calls " + events.size());
            for (int i = 0; i < events.size(); i++) {
                assertTrue(events.get(i).request().userText().contains(
                        dev.quarry.corpora.text.StudyBank.benchmarkItem(from + i)), "item " + (from + i));
            }
        }
    }

    /**
     * A set read from two files that publish the same prompts (Self-Instruct's seed tasks are also
     * Stanford Alpaca's) is split over its distinct prompts: no two members ever send one item.
     */
    @Test
    void membersNeverShareAnItemWhenTheSetPublishesItTwice(@TempDir Path dir) throws Exception {
        StringBuilder seeds = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            seeds.append("{\"instruction\": \"Seed task number ").append(i).append(" of the fixture set\"}\n");
        }
        for (String f : List.of("self-instruct/data/seed_tasks.jsonl", "stanford_alpaca/seed_tasks.jsonl")) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.writeString(dir.resolve(f), seeds);
        }
        Map<String, Set<String>> owner = new HashMap<>();
        for (long seed = 1; seed <= 12; seed++) {
            TrafficGenerator g = new TrafficGenerator(CorpusSpec.empty(seed, CorpusSpec.DEFAULT_START, Duration.ofHours(12))
                    .withCount(ArchetypeKind.DATASET_SPLIT_FLEET, 20), Sources.of(dir, null));
            Map<String, String> group = new HashMap<>();
            for (ClientProfile p : g.clients()) {
                group.put(p.clientId(), seed + "/" + p.group());
            }
            Map<String, String> firstSender = new HashMap<>();
            for (Iterator<InferenceEvent> it = g.events(); it.hasNext(); ) {
                InferenceEvent e = it.next();
                String text = e.request().userText();
                if (!text.contains("Seed task number")) {
                    continue;
                }
                owner.computeIfAbsent(group.get(e.clientId()), k -> new HashSet<>()).add(e.clientId());
                String was = firstSender.putIfAbsent(text, e.clientId());
                assertTrue(was == null || was.equals(e.clientId()), "two members sent " + text);
            }
        }
        assertTrue(owner.values().stream().anyMatch(m -> m.size() >= 10), "some fleet walked the fixture set: " + owner);
    }

    @Test
    void eachAccountStaysUnderItsFleetsHourlyCap() {
        for (List<InferenceEvent> events : H.traffic().values()) {
            for (int i = 0, j = 0; i < events.size(); i++) {
                while (events.get(i).tsMillis() - events.get(j).tsMillis() >= 3_600_000L) {
                    j++;
                }
                assertTrue(i - j + 1 <= 120, "calls in an hour: " + (i - j + 1));
            }
        }
    }
}
