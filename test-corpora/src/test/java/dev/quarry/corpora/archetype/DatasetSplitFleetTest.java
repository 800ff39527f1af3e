package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.InferenceEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

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
