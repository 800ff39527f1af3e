package dev.quarry.detectors.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.fingerprint.MinHasher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterStateEncodingTest {
    private static final List<String> HUMAN = load();
    private final MinHasher hasher = new MinHasher(64, 0x51A2_77E5L);

    private static List<String> load() {
        try (InputStream in = ClusterStateEncodingTest.class.getResourceAsStream("/human-prompts.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(ClientLinkState s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        s.writeTo(out);
        out.flush();
        return b.toByteArray();
    }

    private static ClusterMessage.ClientSummary summary(String client, long events, long... marks) {
        return new ClusterMessage.ClientSummary(client, client + "-e" + events, 1_000L * events, 0L, events, 3, 20,
                900.0, 0.3, marks, "instruction: <fill> write a comprehensive response", 0.6, 40.0);
    }

    @Test
    void findsTemplateMarksInFillsOfOneTemplateButNotInUnrelatedPrompts() {
        ClientLinkState templated = new ClientLinkState();
        ClientLinkState chat = new ClientLinkState();
        String[] topics = {"photosynthesis", "inflation", "binary trees", "plate tectonics", "the immune response",
            "gradient descent", "monetary policy", "game theory", "protein folding", "the water cycle"};
        for (int i = 0; i < 60; i++) {
            String fill = "Explain " + topics[i % 10] + " to reader group " + (char) ('a' + i % 26) + (char) ('a' + i / 26);
            String t = "Instruction: " + fill + ".\nWrite a comprehensive response and explain your reasoning in detail.";
            templated.observePrompt(hasher.signature(t), 6, t.hashCode());
            String c = HUMAN.get(i);
            chat.observePrompt(hasher.signature(c), 6, c.hashCode());
        }
        assertTrue(templated.marks(30, 0.3).length >= 2, "marks of a template");
        assertEquals(0, chat.marks(30, 0.3).length, "no marks in unrelated prompts");
    }

    @Test
    void doesNotCountOneRepeatedPromptAsATemplate() {
        ClientLinkState s = new ClientLinkState();
        int[] sig = hasher.signature("can you make that shorter please");
        for (int i = 0; i < 100; i++) {
            s.observePrompt(sig, 6, 42L);
        }
        assertEquals(0, s.marks(30, 0.3).length);
    }

    @Test
    void writesAndReadsClientLinkStateByteForByte() throws IOException {
        ClientLinkState s = new ClientLinkState();
        for (int i = 0; i < 40; i++) {
            String t = "Summarise ticket " + i + " for the weekly report in one sentence please";
            s.observePrompt(hasher.signature(t), 6, t.hashCode());
            s.observeEvent(3_600_000L * (i / 10) + i, 35);
        }
        assertTrue(s.announce("pay:pm_1", 32));
        assertFalse(s.announce("pay:pm_1", 32));
        s.summarised(25, 0.2);
        byte[] once = bytes(s);
        ClientLinkState back = ClientLinkState.read(new DataInputStream(new ByteArrayInputStream(once)));
        assertArrayEquals(once, bytes(back));
        assertEquals(4, back.activeHours());
        assertEquals(10, back.maxHourly());
        assertArrayEquals(s.marks(30, 0.3), back.marks(30, 0.3));
    }

    @Test
    void stopsAnnouncingKeysAtTheClientsQuota() {
        ClientLinkState s = new ClientLinkState();
        assertTrue(s.announce("a", 2));
        assertTrue(s.announce("b", 2));
        assertFalse(s.announce("c", 2));
    }

    @Test
    void replacesAMembersOldSummaryAndMergesRootsInPooledStats() {
        ClusterStats a = ClusterStats.of("key_b");
        a.apply(summary("key_b", 25, 7L), 1);
        a.apply(summary("key_b", 25, 7L), -1);
        a.apply(summary("key_b", 50, 7L, 9L), 1);
        ClusterStats b = ClusterStats.of("key_a");
        b.apply(summary("key_a", 30, 7L), 1);
        a.merge(b, 32);
        assertEquals(2, a.size);
        assertEquals(2, a.summarised);
        assertEquals(80, a.totalEvents);
        assertEquals(2, a.topMarkMembers());
        assertEquals("key_a", a.smallestMember());
    }

    @Test
    void writesAndReadsClusterNodesAndMessagesByteForByte() {
        ClusterNode root = new ClusterNode();
        root.stats = ClusterStats.of("key_a");
        root.stats.apply(summary("key_a", 25, 3L, 5L), 1);
        root.stats.addKey("pay:pm_1", 32);
        root.stats.clusterId = "hydra-key_a";
        root.summary = summary("key_a", 25, 3L, 5L);
        byte[] once = root.encode();
        assertArrayEquals(once, ClusterNode.decode(once).encode());
        ClusterNode child = new ClusterNode();
        child.parent = "key_a";
        assertEquals("key_a", ClusterNode.decode(child.encode()).parent);
        for (ClusterMessage m : new ClusterMessage[] {new ClusterMessage.LinkClaim("pay:x", "k", "e1", 5L),
            new ClusterMessage.Edge("k", "j", "pay:x", "e2", 6L), summary("k", 25, 1L),
            new ClusterMessage.ItemClaim("gsm8k", "k", "org_a", 17, 1319, "e3", 7L)}) {
            byte[] b = ClusterMessageSerde.encode(m);
            assertArrayEquals(b, ClusterMessageSerde.encode(ClusterMessageSerde.decode(b)));
        }
        assertEquals(new ClusterMessage.ItemClaim("gsm8k", "k", "", 17, 1319, "e3", 7L), ClusterMessageSerde.decode(
                ClusterMessageSerde.encode(new ClusterMessage.ItemClaim("gsm8k", "k", "", 17, 1319, "e3", 7L))));
        DatasetSplitProcessor.SetState set = new DatasetSplitProcessor.SetState();
        set.setSize = 1319;
        set.participants.add("k");
        set.members.add("k");
        set.clusterId = "split-gsm8k";
        assertArrayEquals(set.encode(), DatasetSplitProcessor.SetState.decode(set.encode()).encode());
        DatasetSplitProcessor.ClientItems items = new DatasetSplitProcessor.ClientItems();
        items.org = "org_a";
        items.items.add(3, 9, 27);
        assertArrayEquals(items.encode(), DatasetSplitProcessor.ClientItems.decode(items.encode()).encode());
        LinkKeyTable.KeyState k = new LinkKeyTable.KeyState();
        k.count = 3;
        k.anchor = "key_a";
        k.members = new long[] {1L, 2L};
        assertArrayEquals(k.encode(), LinkKeyTable.KeyState.decode(k.encode()).encode());
    }
}
