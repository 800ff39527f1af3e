package dev.quarry.detectors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.DatasetSplitConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class DatasetSplitDetectorTest {
    /** The size of GSM8K's test set. */
    private static final int SET = 1319;
    private final DatasetSplitDetector detector = new DatasetSplitDetector(new DatasetSplitConfig());

    private static DatasetSplitDetector.Participant items(String org, int... ids) {
        return new DatasetSplitDetector.Participant(org, RoaringBitmap.bitmapOf(ids));
    }

    /** {@code members} accounts, each with its own contiguous slice of {@code perMember} items. */
    private static Map<String, DatasetSplitDetector.Participant> contiguousSplit(int members, int perMember, String org) {
        Map<String, DatasetSplitDetector.Participant> out = new HashMap<>();
        for (int m = 0; m < members; m++) {
            RoaringBitmap b = new RoaringBitmap();
            b.add((long) m * perMember, (long) (m + 1) * perMember);
            out.put(String.format("key_f%02d", m), new DatasetSplitDetector.Participant(org, b));
        }
        return out;
    }

    /** {@code clients} independent clients, each drawing {@code perClient} random items. */
    private static Map<String, DatasetSplitDetector.Participant> independent(int clients, int perClient, long seed) {
        Random rnd = new Random(seed);
        Map<String, DatasetSplitDetector.Participant> out = new HashMap<>();
        for (int c = 0; c < clients; c++) {
            RoaringBitmap b = new RoaringBitmap();
            while (b.getCardinality() < perClient) {
                b.add(rnd.nextInt(SET));
            }
            out.put("key_u" + c, new DatasetSplitDetector.Participant("", b));
        }
        return out;
    }

    @Test
    void findsAccountsWalkingDisjointSlicesOfOneSet() {
        DatasetSplitDetector.Split split = detector.score("gsm8k", SET, contiguousSplit(10, 60, "")).orElseThrow();
        DetectorFinding f = split.finding();
        assertEquals(EvidenceGroup.COORDINATION, f.group());
        assertEquals(10, split.members().size());
        assertTrue(f.score() >= 0.5 && f.score() < 1, "score " + f.score());
        assertEquals(600L, ((Number) f.evidence().get("items_held_together")).longValue());
        assertEquals(0L, ((Number) f.evidence().get("shared_items")).longValue());
        assertTrue(((Number) f.evidence().get("log10_p")).doubleValue() < -6, f.evidence().toString());
    }

    /** The test is on overlap, not on how the split was cut: a strided split (item % n) counts too. */
    @Test
    void findsAStridedSplit() {
        Map<String, DatasetSplitDetector.Participant> p = new HashMap<>();
        for (int m = 0; m < 8; m++) {
            RoaringBitmap b = new RoaringBitmap();
            for (int i = m; i < SET; i += 8) {
                if (b.getCardinality() < 50) {
                    b.add(i);
                }
            }
            p.put("key_s" + m, new DatasetSplitDetector.Participant("", b));
        }
        assertTrue(detector.score("gsm8k", SET, p).isPresent());
    }

    @Test
    void doesNotFindIndependentClientsDrawingFromTheSameSet() {
        for (long seed = 1; seed <= 20; seed++) {
            for (int perClient : new int[] {10, 40, 120}) {
                Optional<DatasetSplitDetector.Split> s = detector.score("gsm8k", SET, independent(25, perClient, seed));
                assertTrue(s.isEmpty(), "seed " + seed + ", " + perClient + " items each: " + s);
            }
        }
    }

    @Test
    void doesNotFindEvaluationTeamsEachRunningMostOfTheSet() {
        Map<String, DatasetSplitDetector.Participant> teams = new HashMap<>();
        for (int t = 0; t < 6; t++) {
            RoaringBitmap b = new RoaringBitmap();
            b.add(0L, SET);
            teams.put("key_eval" + t, new DatasetSplitDetector.Participant("", b));
        }
        assertTrue(detector.score("gsm8k", SET, teams).isEmpty());
    }

    /** A whole-set run next to a split is left out of the test instead of hiding the split. */
    @Test
    void findsASplitNextToAWholeSetRun() {
        Map<String, DatasetSplitDetector.Participant> p = contiguousSplit(10, 60, "");
        RoaringBitmap all = new RoaringBitmap();
        all.add(0L, SET);
        p.put("key_eval", new DatasetSplitDetector.Participant("", all));
        DatasetSplitDetector.Split split = detector.score("gsm8k", SET, p).orElseThrow();
        assertEquals(10, split.members().size());
    }

    /**
     * Evaluations that stop partway through the set, in order, inside the slices of a split's
     * silent members: disjoint from the split by chance. Asking each item for two models, they are
     * left out; asked once, they would be taken in as members.
     */
    @Test
    void leavesOutEvaluationsThatAskTheirItemsAgainInASplitsGaps() {
        Map<String, DatasetSplitDetector.Participant> p = new HashMap<>();
        // A split of 20 slices of 60 items; the members of slices 10-19 have sent nothing yet.
        for (int m = 0; m < 10; m++) {
            RoaringBitmap b = new RoaringBitmap();
            b.add((long) m * 60, (long) (m + 1) * 60);
            p.put(String.format("key_f%02d", m), new DatasetSplitDetector.Participant("", b));
        }
        for (int t = 0; t < 3; t++) {
            RoaringBitmap b = new RoaringBitmap();
            b.add(700L + 200L * t, 700L + 200L * t + 40);
            p.put("key_eval" + t, new DatasetSplitDetector.Participant("", b, 2L * 40));
        }
        DatasetSplitDetector.Split split = detector.score("gsm8k", SET, p).orElseThrow();
        assertEquals(10, split.members().size());
        assertTrue(split.members().stream().allMatch(m -> m.startsWith("key_f")), split.members().toString());

        Map<String, DatasetSplitDetector.Participant> once = new HashMap<>(p);
        for (int t = 0; t < 3; t++) {
            once.put("key_eval" + t, new DatasetSplitDetector.Participant("", p.get("key_eval" + t).items()));
        }
        assertEquals(13, detector.score("gsm8k", SET, once).orElseThrow().members().size());
    }

    @Test
    void keepsATenantShardingItsOwnEvaluationOverItsKeysOnTheWatchList() {
        DatasetSplitDetector.Split split = detector.score("gsm8k", SET, contiguousSplit(10, 60, "org_acme")).orElseThrow();
        assertTrue(split.finding().score() < 0.5, "score " + split.finding().score());
        assertEquals(true, split.finding().evidence().get("declared_tenant"));
    }

    /** Small slices of a large set overlap little by chance too: not significant, not reported. */
    @Test
    void needsEnoughOfTheSetForTheMissingOverlapToMean() {
        Map<String, DatasetSplitDetector.Participant> p = contiguousSplit(3, 30, "");
        assertTrue(detector.score("mmlu", 14042, p).isEmpty());
    }

    @Test
    void needsMinMembers() {
        Map<String, DatasetSplitDetector.Participant> p = new HashMap<>();
        p.put("a", items("", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        p.put("b", items("", 11, 12, 13, 14, 15, 16, 17, 18, 19, 20));
        assertTrue(detector.score("tiny", 20, p).isEmpty());
    }

    @Test
    void scoreGrowsWithTheItemsHeldTogether() {
        double small = detector.score("gsm8k", SET, contiguousSplit(6, 60, "")).orElseThrow().finding().score();
        double large = detector.score("gsm8k", SET, contiguousSplit(10, 120, "")).orElseThrow().finding().score();
        assertTrue(large > small, small + " vs " + large);
    }

    /** The size of Code Alpaca. */
    private static final int LARGE_SET = 20_022;

    /**
     * Many accounts each taking a small slice of a large set: none is significant alone (each
     * expects a few shared items and shares none), all of them together are.
     */
    @Test
    void findsManySmallSlicesOfALargeSetTogether() {
        Map<String, DatasetSplitDetector.Participant> p = contiguousSplit(40, 40, "");
        DatasetSplitDetector.Split split = detector.score("codealpaca", LARGE_SET, p).orElseThrow();
        assertEquals(40, split.members().size());
        assertTrue(split.finding().score() >= 0.5, "score " + split.finding().score());
    }

    @Test
    void findsSmallSlicesAmongIndependentUsersOfTheSameLargeSet() {
        Map<String, DatasetSplitDetector.Participant> p = contiguousSplit(40, 60, "");
        Random rnd = new Random(7);
        for (int c = 0; c < 20; c++) {
            RoaringBitmap b = new RoaringBitmap();
            while (b.getCardinality() < 10 + rnd.nextInt(30)) {
                b.add(rnd.nextInt(LARGE_SET));
            }
            p.put("key_u" + c, new DatasetSplitDetector.Participant("", b));
        }
        DatasetSplitDetector.Split split = detector.score("codealpaca", LARGE_SET, p).orElseThrow();
        assertTrue(split.members().size() >= 15 && split.members().stream().filter(m -> m.startsWith("key_u")).count() <= 2,
                split.members().toString());
    }

    /**
     * Independent users of a large set (chat users pasting well-known prompts, students) overlap
     * little by chance too, so their missing overlap means nothing, however many they are.
     */
    @Test
    void doesNotFindIndependentUsersOfALargeSet() {
        for (long seed = 1; seed <= 10; seed++) {
            for (int clients : new int[] {50, 300}) {
                Optional<DatasetSplitDetector.Split> s = detector.score("codealpaca", LARGE_SET,
                        users(clients, LARGE_SET, new Random(seed)));
                assertTrue(s.isEmpty(), "seed " + seed + ", " + clients + " clients: " + s);
            }
        }
    }

    /** Evaluation teams each running the same large part of a benchmark overlap: not a split. */
    @Test
    void doesNotFindEvaluationTeamsRunningTheSameItems() {
        Map<String, DatasetSplitDetector.Participant> teams = new HashMap<>();
        for (int t = 0; t < 12; t++) {
            RoaringBitmap b = new RoaringBitmap();
            b.add(0L, 400L);
            teams.put("key_eval" + t, new DatasetSplitDetector.Participant("", b));
        }
        assertTrue(detector.score("gsm8k", SET, teams).isEmpty());
    }

    /** One large walker with a few small disjoint stragglers covers little more than itself. */
    @Test
    void needsTheMembersTogetherToCoverMuchMoreThanTheLargest() {
        Map<String, DatasetSplitDetector.Participant> p = new HashMap<>();
        RoaringBitmap big = new RoaringBitmap();
        big.add(0L, 600L);
        p.put("key_big", new DatasetSplitDetector.Participant("", big));
        for (int m = 0; m < 3; m++) {
            RoaringBitmap b = new RoaringBitmap();
            b.add(600L + m * 60L, 660L + m * 60L);
            p.put("key_s" + m, new DatasetSplitDetector.Participant("", b));
        }
        DatasetSplitConfig loose = new DatasetSplitConfig().wholeSetShare(0.9).minMembers(3);
        Optional<DatasetSplitDetector.Split> s = new DatasetSplitDetector(loose).score("gsm8k", SET, p);
        assertTrue(s.isEmpty() || !s.get().members().contains("key_big") || s.get().members().size() > 3, String.valueOf(s));
        assertTrue(new DatasetSplitDetector(loose.minCoverageGain(10)).score("gsm8k", SET, contiguousSplit(4, 60, ""))
                .isEmpty(), "4 equal members cover 4 times the largest, not 10");
    }

    /** A set the size of the Code Alpaca items the reference directory holds. */
    private static final int MID_SET = 6_600;

    /** {@code clients} independent users of a set, 10-70 items each, a quarter of draws from 200 popular items. */
    private static Map<String, DatasetSplitDetector.Participant> users(int clients, int setSize, Random rnd) {
        Map<String, DatasetSplitDetector.Participant> p = new HashMap<>();
        for (int c = 0; c < clients; c++) {
            RoaringBitmap b = new RoaringBitmap();
            int k = 10 + rnd.nextInt(60);
            while (b.getCardinality() < k) {
                b.add(rnd.nextInt(4) == 0 ? rnd.nextInt(200) : rnd.nextInt(setSize));
            }
            p.put(String.format("key_u%03d", c), new DatasetSplitDetector.Participant("", b));
        }
        return p;
    }

    /**
     * A fleet splitting a set that many independent users also draw from: each member meets the
     * users' items at chance, so its shortfall against the union of all others is diluted; the
     * group search finds the members that share nothing with each other.
     */
    @Test
    void findsASplitHiddenAmongManyIndependentUsersOfTheSameSet() {
        for (long seed = 1; seed <= 5; seed++) {
            Random rnd = new Random(seed);
            Map<String, DatasetSplitDetector.Participant> p = users(120, MID_SET, rnd);
            // The fleet walks a random disjoint partition of part of the set, 50 items a member.
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < MID_SET; i++) {
                order.add(i);
            }
            Collections.shuffle(order, rnd);
            for (int m = 0; m < 30; m++) {
                RoaringBitmap b = new RoaringBitmap();
                order.subList(m * 50, (m + 1) * 50).forEach(b::add);
                p.put(String.format("key_f%02d", m), new DatasetSplitDetector.Participant("", b));
            }
            DatasetSplitDetector.Split split = detector.score("codealpaca", MID_SET, p).orElseThrow(
                    () -> new AssertionError("not found"));
            long fleet = split.members().stream().filter(m -> m.startsWith("key_f")).count();
            long users = split.members().size() - fleet;
            assertEquals("group_search", split.finding().evidence().get("test"));
            assertTrue(fleet >= 24 && users <= 1, "seed " + seed + ": " + fleet + " fleet, " + users + " users");
            assertTrue(split.finding().score() >= 0.5, "score " + split.finding().score());
        }
    }

    /** The group search's null: many independent users of a mid-size set, with popular items, are no split. */
    @Test
    void doesNotFindIndependentUsersOfAMidSizeSet() {
        for (long seed = 1; seed <= 20; seed++) {
            for (int clients : new int[] {40, 150, 400}) {
                Optional<DatasetSplitDetector.Split> s = detector.score("codealpaca", MID_SET, users(clients, MID_SET,
                        new Random(seed)));
                assertTrue(s.isEmpty(), "seed " + seed + ", " + clients + " clients: " + s);
            }
        }
    }

    /**
     * A few clients each walking a contiguous stretch of a set in order (evaluation runs,
     * harvesters) beside many users: disjoint stretches are common for walks in order, so the
     * group search, whose null is random draws, does not report a group this small.
     */
    @Test
    void groupSearchLeavesAFewOrderedWalkersAlone() {
        int set = 7_473;
        for (long seed = 1; seed <= 10; seed++) {
            Random rnd = new Random(seed);
            Map<String, DatasetSplitDetector.Participant> p = users(100, set, rnd);
            for (int w = 0; w < 6; w++) {
                RoaringBitmap b = new RoaringBitmap();
                long len = 300 + rnd.nextInt(1_600);
                long start = rnd.nextInt((int) (set - len));
                b.add(start, start + len);
                p.put("key_walk" + w, new DatasetSplitDetector.Participant("", b));
            }
            Optional<DatasetSplitDetector.Split> s = detector.score("gsm8k", set, p);
            assertTrue(s.isEmpty() || !"group_search".equals(s.get().finding().evidence().get("test")),
                    "seed " + seed + ": " + s);
        }
    }
}
