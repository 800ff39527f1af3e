package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.ClientLabel;
import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CorporateTeamTest {
    private static final TrafficGeneratorHolder H = new TrafficGeneratorHolder(ArchetypeKind.CORPORATE_TEAM, 150, 48);
    private static final Map<String, List<InferenceEvent>> TRAFFIC = H.traffic();

    private static String net(String ip) {
        return ip.substring(0, ip.lastIndexOf('.'));
    }

    @Test
    void aTeamsMembersShareTheInfrastructureItsPlanDraws() {
        Map<String, List<ClientProfile>> teams = new TrafficGenerator(
                CorpusSpec.empty(5, CorpusSpec.DEFAULT_START, Duration.ofHours(1))
                        .withCount(ArchetypeKind.CORPORATE_TEAM, 6_000)).clients().stream()
                .collect(Collectors.groupingBy(ClientProfile::group));
        assertFalse(teams.containsKey(""), "every employee belongs to a team");
        assertTrue(teams.size() >= 100, teams.size() + " teams");
        Set<String> seen = new HashSet<>();
        long remoteTeamMembers = 0;
        long remoteTeamsInOffice = 0;
        for (List<ClientProfile> members : teams.values()) {
            assertTrue(members.size() >= 5 && members.size() <= 60, "team of " + members.size());
            CorporateTeam.Plan plan = CorporateTeam.plan(members.get(0).groupSeed());
            assertEquals(1, members.stream().map(ClientProfile::utcOffsetMinutes).distinct().count());
            assertEquals(members.size(), members.stream().map(ClientProfile::clientId).distinct().count());
            // At the office: the company's /24 and at most its egress addresses; remote members elsewhere.
            Map<String, Long> byNet = members.stream().collect(Collectors.groupingBy(p -> net(p.ip()),
                    Collectors.counting()));
            long inEgressNet = byNet.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            if (plan.remoteShare() == 0) {
                assertEquals(1, byNet.size(), "one egress /24");
                assertTrue(members.stream().map(ClientProfile::ip).distinct().count() <= plan.egressAddresses());
            } else {
                remoteTeamMembers += members.size();
                remoteTeamsInOffice += inEgressNet;
            }
            if (plan.gateway()) {
                assertEquals(1, members.stream().map(ClientProfile::userAgent).distinct().count());
                assertEquals(1, members.stream().map(ClientProfile::tlsFingerprint).distinct().count());
            }
            long cards = members.stream().map(ClientProfile::paymentFingerprint).distinct().count();
            assertEquals(plan.sharedCard(), cards == 1, "cards " + cards);
            long orgs = members.stream().map(ClientProfile::orgId).distinct().count();
            assertEquals(plan.sharedOrg() ? 1 : members.size(), orgs, "orgs");
            seen.add((plan.gateway() ? "gateway" : "own-stacks") + "," + (plan.sharedOrg() ? "org" : "no-org"));
            seen.add(plan.remoteShare() > 0 ? "remote" : "all-in-office");
            seen.add(plan.sharedCard() ? "card" : "own-cards");
        }
        assertTrue(remoteTeamsInOffice > 0.6 * remoteTeamMembers && remoteTeamsInOffice < remoteTeamMembers,
                "teams with remote members: " + remoteTeamsInOffice + " of " + remoteTeamMembers + " at the office");
        // The shares are drawn per team: every combination of gateway and organisation appears.
        assertTrue(seen.containsAll(Set.of("gateway,org", "gateway,no-org", "own-stacks,org", "own-stacks,no-org",
                "remote", "all-in-office", "card", "own-cards")), seen.toString());
    }

    @Test
    void isLabelledBenignWithItsTeam() {
        Map<String, String> groupOf = H.profiles().stream()
                .collect(Collectors.toMap(ClientProfile::clientId, ClientProfile::group));
        List<ClientLabel> labels = H.generator().labels();
        assertEquals(150, labels.size());
        for (ClientLabel l : labels) {
            assertEquals("benign", l.label());
            assertEquals("corporate_team", l.archetype());
            assertTrue(l.group().startsWith("corporate_team-group-"), l.group());
            assertEquals(groupOf.get(l.clientId()), l.group());
        }
        assertTrue(labels.stream().map(ClientLabel::group).distinct().count() >= 3, "several teams");
    }

    @Test
    void everyCallCarriesItsMembersIdentityAndTheTeamsPolicyPrompt() {
        for (ClientProfile p : H.profiles()) {
            CorporateTeam.Plan plan = CorporateTeam.plan(p.groupSeed());
            for (InferenceEvent e : TRAFFIC.get(p.clientId())) {
                assertEquals(p.ip(), e.ip());
                assertEquals(p.paymentFingerprint(), e.paymentFingerprint());
                List<Message> messages = e.request().messages();
                boolean hasPolicy = messages.get(0).role().equals("system");
                assertEquals(plan.policy() >= 0, hasPolicy);
                if (hasPolicy) {
                    assertEquals(CorporateTeam.POLICY_PROMPTS.get(plan.policy()), messages.get(0).content());
                }
            }
        }
    }

    @Test
    void internalToolsFillOneTemplateAndOnlyTheirTeamsUseThem() {
        int toolTeams = 0;
        Map<String, List<ClientProfile>> teams = H.profiles().stream()
                .collect(Collectors.groupingBy(ClientProfile::group));
        for (List<ClientProfile> members : teams.values()) {
            CorporateTeam.Plan plan = CorporateTeam.plan(members.get(0).groupSeed());
            long toolCalls = 0;
            long calls = 0;
            for (ClientProfile p : members) {
                for (InferenceEvent e : TRAFFIC.get(p.clientId())) {
                    calls++;
                    String text = e.request().userText();
                    long templates = CorporateTeam.TOOL_TEMPLATES.stream()
                            .filter(t -> text.startsWith(t.substring(0, t.indexOf('%')))).count();
                    if (templates > 0) {
                        toolCalls++;
                        assertTrue(text.startsWith(CorporateTeam.TOOL_TEMPLATES.get(plan.tool())
                                .substring(0, 30)), "another team's tool: " + text);
                    }
                }
            }
            if (plan.tool() >= 0 && calls > 200) {
                toolTeams++;
                assertTrue(toolCalls > 0 && toolCalls < 0.7 * calls, toolCalls + " of " + calls);
            }
        }
        assertTrue(toolTeams >= 1, "a team with a tool");
    }

    @Test
    void employeesWorkOfficeHoursOnWeekdaysEachAtTheirOwnVolume() {
        long inOffice = 0;
        long all = 0;
        for (ClientProfile p : H.profiles()) {
            for (InferenceEvent e : TRAFFIC.get(p.clientId())) {
                int hour = Clock.localHour(e.tsMillis(), p.utcOffsetMinutes());
                if (hour >= 7 && hour < 20) {
                    inOffice++;
                }
                all++;
            }
        }
        assertTrue(inOffice > 0.85 * all, inOffice + " of " + all + " in office hours");
        List<Integer> volumes = TRAFFIC.values().stream().map(List::size).sorted().toList();
        int low = volumes.get(volumes.size() / 10);
        int high = volumes.get(volumes.size() * 9 / 10);
        assertTrue(high > 5 * Math.max(1, low), "volumes from " + low + " to " + high);
    }
}
