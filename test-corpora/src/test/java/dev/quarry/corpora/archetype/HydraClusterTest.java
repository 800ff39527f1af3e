package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.CorpusSpec;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HydraClusterTest {
    private static final TrafficGeneratorHolder H = new TrafficGeneratorHolder(ArchetypeKind.HYDRA_CLUSTER, 40, 3);
    private static final Map<String, List<InferenceEvent>> TRAFFIC = H.traffic();

    @Test
    void membersOfOneClusterShareAGroupAndEachFleetDrawsWhatInfrastructureItShares() {
        Map<String, List<ClientProfile>> byGroup = H.profiles().stream()
                .collect(Collectors.groupingBy(ClientProfile::group));
        assertFalse(byGroup.containsKey(""), "every hydra account belongs to a cluster");
        for (List<ClientProfile> members : byGroup.values()) {
            assertTrue(members.size() >= 10, "cluster of " + members.size());
            assertEquals(members.size(), members.stream().map(ClientProfile::clientId).distinct().count());
        }
        // Over many fleets: some pay with one card, some with a few, some with one card per account.
        Map<String, List<ClientProfile>> fleets = new dev.quarry.corpora.TrafficGenerator(
                CorpusSpec.empty(3, CorpusSpec.DEFAULT_START, Duration.ofHours(1))
                        .withCount(ArchetypeKind.HYDRA_CLUSTER, 12_000)).clients().stream()
                .collect(Collectors.groupingBy(ClientProfile::group));
        assertTrue(fleets.size() >= 8, fleets.size() + " fleets");
        Set<Long> paymentsPerFleet = new HashSet<>();
        Set<Long> netsPerFleet = new HashSet<>();
        for (List<ClientProfile> members : fleets.values()) {
            long payments = members.stream().map(ClientProfile::paymentFingerprint).distinct().count();
            paymentsPerFleet.add(payments == 1 ? 1L : payments < members.size() ? 2L : 3L);
            long nets = members.stream().map(p -> p.ip().substring(0, p.ip().lastIndexOf('.'))).distinct().count();
            netsPerFleet.add(nets == 1 ? 1L : 2L);
        }
        assertEquals(Set.of(1L, 2L, 3L), paymentsPerFleet, "one card, a pool, one per account");
        assertEquals(Set.of(1L, 2L), netsPerFleet, "one /24, or spread addresses");
    }

    @Test
    void everyAccountKeepsOnePaymentFingerprint() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            assertEquals(1, events.stream().map(InferenceEvent::paymentFingerprint).distinct().count());
            assertNotNull(events.get(0).paymentFingerprint());
        }
    }

    @Test
    void eachKeyStaysUnderThePerKeyHourlyCapInEverySlidingHour() {
        for (ClientProfile member : H.profiles()) {
            List<InferenceEvent> events = TRAFFIC.get(member.clientId());
            long cap = HydraCluster.hourlyCap(member);
            assertTrue(cap >= HydraCluster.MIN_HOURLY_CAP && cap <= HydraCluster.MAX_HOURLY_CAP, "cap " + cap);
            assertTrue(events.size() > cap, "a member works the whole window: " + events.size() + ", cap " + cap);
            for (int i = 0, j = 0; i < events.size(); i++) {
                while (events.get(i).tsMillis() - events.get(j).tsMillis() >= 3_600_000L) {
                    j++;
                }
                assertTrue(i - j + 1 < cap, "calls in an hour: " + (i - j + 1) + ", cap " + cap);
            }
        }
        // Over many fleets, the caps spread over the range.
        Set<Long> fleetCaps = new dev.quarry.corpora.TrafficGenerator(
                CorpusSpec.empty(3, CorpusSpec.DEFAULT_START, Duration.ofHours(1))
                        .withCount(ArchetypeKind.HYDRA_CLUSTER, 12_000)).clients().stream()
                .map(HydraCluster::hourlyCap).collect(Collectors.toSet());
        assertTrue(fleetCaps.size() >= 5, "fleets draw their own caps: " + fleetCaps);
    }

    @Test
    void membersUseTheClustersSharedTemplateAndNeverRepeatATask() {
        Map<String, String> groupOf = H.profiles().stream()
                .collect(Collectors.toMap(ClientProfile::clientId, ClientProfile::group));
        Map<String, Set<String>> prompts = new java.util.HashMap<>();
        for (var e : TRAFFIC.entrySet()) {
            for (InferenceEvent ev : e.getValue()) {
                String text = ev.request().messages().get(0).content();
                assertTrue(prompts.computeIfAbsent(groupOf.get(e.getKey()), g -> new HashSet<>()).add(text),
                        "repeated task " + text);
            }
        }
        for (var e : TRAFFIC.entrySet()) {
            String first = e.getValue().get(0).request().messages().get(0).content();
            long sameTemplate = HydraCluster.TEMPLATES.stream()
                    .filter(t -> first.startsWith(t.substring(0, t.indexOf('%')))).count();
            assertTrue(sameTemplate >= 1, first);
        }
    }

    @Test
    void theClusterSpreadsItsCallsEvenlyOverTime() {
        // load balancing: the union of members' calls has far less idle time than one member's
        List<InferenceEvent> all = TRAFFIC.values().stream().flatMap(List::stream)
                .sorted(java.util.Comparator.comparingLong(InferenceEvent::tsMillis)).toList();
        double maxGap = java.util.Arrays.stream(Stats.gaps(all)).max().orElseThrow();
        double memberGap = Stats.gaps(TRAFFIC.values().iterator().next())[0];
        assertTrue(maxGap < memberGap, "cluster max gap " + maxGap + " vs member gap " + memberGap);
    }
}
