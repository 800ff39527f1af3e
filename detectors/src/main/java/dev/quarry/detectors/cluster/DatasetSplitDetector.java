package dev.quarry.detectors.cluster;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.DatasetSplitConfig;
import dev.quarry.detectors.detector.Ramps;
import dev.quarry.fingerprint.stats.Binomial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * Finds accounts that split one public dataset between them: each walks its own part of the
 * items, so together they cover far more of the set than any of them, while their parts overlap
 * far less than independent clients' would. This is the distributed benchmark harvesting of
 * Anthropic's 2026 distillation report (campaigns spread over thousands of accounts, each under
 * per-account limits) when the accounts share no infrastructure a link key could catch, and the
 * colluding-users adversary that per-client monitors such as PRADA (Juuti et al. 2019) name as
 * their limit, for which Pal et al. 2021 and Yu et al. 2020 (CloudLeak) split the query set over
 * several accounts.
 *
 * <p>The evidence is joint provenance. Only prompts asking for a worked answer to an item count
 * ({@code benchmark_harvesting}'s rule): evaluation users legitimately pick disjoint parts of a
 * benchmark, one subject each, but an evaluation harness asks for an answer letter; nor do the
 * items of a client whose prompts continue conversations on {@code fullFollowUpShare} of them
 * (students asking about a step: a tutoring app). Per set, the
 * participants are the clients holding at least {@code minItems}
 * ({@value DatasetSplitConfig#DEFAULT_MIN_ITEMS}) distinct items of it. Independent clients drawing
 * items from a set of N overlap by chance: a participant holding k items while the others hold U'
 * would share about k U'/N of them (more when some items are popular). A split shares almost none.
 * The members are the participants sharing at most {@code maxOverlapRatio}
 * ({@value DatasetSplitConfig#DEFAULT_MAX_OVERLAP_RATIO}) of the items chance would give them
 * (others' random draws land on a split's items too), whose shortfall is significant: the binomial
 * lower tail of their shared items at rate U'/N is at most {@code memberAlpha}
 * ({@value DatasetSplitConfig#DEFAULT_MEMBER_ALPHA}). Under independence each participant is such a
 * member with at most that probability, so the fleet's test is the binomial upper tail of the
 * member count among the participants, significant at {@code alpha}
 * ({@value DatasetSplitConfig#DEFAULT_ALPHA}), with at least {@code minMembers}
 * ({@value DatasetSplitConfig#DEFAULT_MIN_MEMBERS}) members. The member threshold runs over a
 * ladder, from {@code memberAlpha} by decades up to {@code maxMemberAlpha}
 * ({@value DatasetSplitConfig#DEFAULT_MAX_MEMBER_ALPHA}), each step tested at {@code alpha} over
 * the ladder's length (Bonferroni), the most significant kept: a fleet splitting a large set into
 * small parts (many accounts, each under a per-account limit: the many-accounts extraction
 * setting Tramer et al. 2016, "Stealing Machine Learning Models via Prediction APIs", raise
 * against per-account query limits) makes each member only mildly significant, but all at once.
 * The members together must hold at least {@code minCoverageGain}
 * ({@value DatasetSplitConfig#DEFAULT_MIN_COVERAGE_GAIN}) times the largest member's items: a
 * split covers much more than any of its members. (Testing only the members' pooled
 * overlap would be biased: among many small independent clients, some share nothing by chance.)
 * Only then is it scored: 0.5 ({@code fusion.medium}) at {@code minUnion}
 * ({@value DatasetSplitConfig#DEFAULT_MIN_UNION}) items held together, rising on a log scale to 1
 * at {@code fullUnion} ({@value DatasetSplitConfig#DEFAULT_FULL_UNION}, the size of GSM8K's and
 * MATH's test sets). Members that all declare one organisation (a tenant sharding its own
 * evaluation over several keys) are scaled by {@code declaredTenantFactor}
 * ({@value DatasetSplitConfig#DEFAULT_DECLARED_TENANT_FACTOR}).
 *
 * <p>When no participant test finds a split, {@link SplitGroupSearch} looks for one hidden among
 * many independent users of the set (a popular set walked by developers or students too dilutes
 * each member's shortfall against the union of all others): a group whose members pairwise share
 * far fewer items than chance, found on one half of the set's items and tested on the other, at the
 * same {@code alpha} (so the two tests together are significant at twice it). The evidence's
 * {@code test} says which test found the split.
 *
 * <p>Participants holding at least {@code wholeSetShare}
 * ({@value DatasetSplitConfig#DEFAULT_WHOLE_SET_SHARE}) of the set are left out of the test: a
 * whole-benchmark run is {@code benchmark_harvesting}'s to judge, and left in it would share items
 * with every member of a split and hide it. So are participants that sent at least
 * {@code rerunPromptsPerItem} ({@value DatasetSplitConfig#DEFAULT_RERUN_PROMPTS_PER_ITEM}) prompts
 * per distinct item: evaluation harnesses run the same items for every model, epoch or run (HELM,
 * lm-evaluation-harness; {@code benchmark_harvesting}'s re-run rule), and an evaluation that stops
 * partway through a set (a {@code --limit}, a time budget) can sit in a split's gaps by chance,
 * since it walks the set in order as a split's members walk their slices. A split's member asks
 * its part once; one that samples several answers per item is left out with the evaluations.
 *
 * <p>Legitimate counterparts stay out by construction: evaluation teams each running a whole
 * benchmark are left out or overlap completely; students and chat users hold a few items each, below
 * {@code minItems}; a one-off evaluation sharded over a tenant's keys is declared. Blind spots:
 * a fleet whose members each take fewer than {@code minItems} items; a fleet splitting a set the
 * reference directory does not hold; two fleets splitting the same set are reported as one. False
 * positive risk: independent teams each running a chain-of-thought evaluation on a different
 * subject of one benchmark are disjoint by choice, not by coordination (one declared organisation
 * is scaled down; others are not).
 * Stateless and thread-safe.
 */
public final class DatasetSplitDetector {
    public static final String NAME = "dataset_split";
    private final DatasetSplitConfig config;
    private final SplitGroupSearch groupSearch;

    public DatasetSplitDetector(DatasetSplitConfig config) {
        if (config.minItems() < 1 || config.minMembers() < 2
                || !(config.maxOverlapRatio() >= 0 && config.maxOverlapRatio() < 1)
                || !(config.wholeSetShare() > 0 && config.wholeSetShare() <= 1)
                || !(config.alpha() > 0 && config.alpha() < 1) || !(config.memberAlpha() > 0 && config.memberAlpha() < 1)
                || !(config.maxMemberAlpha() >= config.memberAlpha() && config.maxMemberAlpha() < 1)
                || !(config.minCoverageGain() >= 1)
                || config.minUnion() < 1 || config.fullUnion() <= config.minUnion()
                || config.rescoreEvery() < 1 || config.maxParticipants() < config.minMembers()
                || config.groupSearchMaxParticipants() < config.minMembers()
                || !(config.declaredTenantFactor() >= 0 && config.declaredTenantFactor() <= 1) || config.listedMembers() < 1) {
            throw new IllegalArgumentException("detection.datasetSplit: need minItems >= 1, minMembers >= 2, "
                    + "0 <= maxOverlapRatio < 1, 0 < wholeSetShare <= 1, 0 < alpha < 1, 0 < memberAlpha <= maxMemberAlpha < 1, "
                    + "minCoverageGain >= 1, 1 <= minUnion < fullUnion, rescoreEvery >= 1, "
                    + "maxParticipants >= minMembers, groupSearchMaxParticipants >= minMembers, 0 <= declaredTenantFactor <= 1, listedMembers >= 1");
        }
        this.config = config;
        this.groupSearch = new SplitGroupSearch(config.maxOverlapRatio(),
                Math.max(config.minMembers(), config.groupSearchMinMembers()), config.alpha(),
                config.maxMemberAlpha(), config.groupSearchMaxParticipants());
    }

    public DatasetSplitConfig config() {
        return config;
    }

    /**
     * A client's items of one set, the organisation it declared ("" for none) and the prompts it
     * sent on them (repeats included).
     */
    public record Participant(String org, RoaringBitmap items, long prompts) {
        public Participant {
            Objects.requireNonNull(org, "org");
            Objects.requireNonNull(items, "items");
        }

        /** Each item asked once. */
        public Participant(String org, RoaringBitmap items) {
            this(org, items, items.getLongCardinality());
        }

        /** Prompts per distinct item. */
        double promptsPerItem() {
            long k = items.getLongCardinality();
            return k == 0 ? 0 : (double) prompts / k;
        }
    }

    /** A split found: its members (sorted) and the finding the fleet and each member carry. */
    public record Split(List<String> members, DetectorFinding finding) {}

    /**
     * Scores one set's participants.
     *
     * @param set the set's name (its folder in the reference directory)
     * @param setSize items in the set
     * @param participants clients holding at least {@code minItems} items of the set
     */
    public Optional<Split> score(String set, int setSize, Map<String, Participant> participants) {
        if (participants.size() < config.minMembers() || setSize <= 0) {
            return Optional.empty();
        }
        // A client walking most of the set (a whole-benchmark run) is benchmark_harvesting's to
        // judge; left in, it would share items with every member of a split and hide it.
        // So is a client asking its items again (another model, epoch or run): an evaluation, which
        // may stop anywhere in the set and sit in a split's gaps by chance.
        Map<String, Participant> sorted = new TreeMap<>();
        participants.forEach((id, p) -> {
            if (p.items().getLongCardinality() < config.wholeSetShare() * setSize
                    && p.promptsPerItem() < config.rerunPromptsPerItem()) {
                sorted.put(id, p);
            }
        });
        RoaringBitmap seen = new RoaringBitmap();
        RoaringBitmap shared = new RoaringBitmap();
        for (Participant p : sorted.values()) {
            shared.or(RoaringBitmap.and(seen, p.items()));
            seen.or(p.items());
        }
        long union = seen.getLongCardinality();
        // Each participant's shortfall of shared items against an independent client's draw.
        List<String> ids = new ArrayList<>(sorted.keySet());
        double[] log10p = new double[ids.size()];
        double[] expectedOf = new double[ids.size()];
        long[] held = new long[ids.size()];
        long[] sharedOf = new long[ids.size()];
        boolean[] disjoint = new boolean[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            RoaringBitmap items = sorted.get(ids.get(i)).items();
            long k = items.getLongCardinality();
            long own = RoaringBitmap.andCardinality(items, shared);
            // What the others hold: everything seen minus the items only this client holds.
            double rate = Math.min(1.0, (double) (union - (k - own)) / setSize);
            held[i] = k;
            sharedOf[i] = own;
            expectedOf[i] = k * rate;
            disjoint[i] = own <= config.maxOverlapRatio() * k * rate;
            log10p[i] = Binomial.log10LowerTail(k, own, rate);
        }
        // Under independence a participant's p-value is below t with probability at most t, so
        // the count of such participants is at most Binomial(participants, t). A split of a large
        // set into small parts makes each member only mildly significant (one of 40 accounts with
        // 40 items of 20,000 expects 3 shared items; sharing none has p = 0.04) but all of them at
        // once: so the test runs over a ladder of t, from memberAlpha by decades to
        // maxMemberAlpha, each at alpha over the ladder's length (Bonferroni), and keeps the most
        // significant.
        List<Double> ladder = ladder();
        double log10Alpha = Math.log10(config.alpha() / ladder.size());
        double bestLog10P = 0;
        List<Integer> best = null;
        for (double t : ladder) {
            double log10t = Math.log10(t);
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (disjoint[i] && log10p[i] <= log10t) {
                    at.add(i);
                }
            }
            if (at.size() < config.minMembers()) {
                continue;
            }
            double log10P = Binomial.log10UpperTail(ids.size(), at.size(), t);
            if (log10P <= log10Alpha && (best == null || log10P < bestLog10P)) {
                best = at;
                bestLog10P = log10P;
            }
        }
        if (best == null) {
            return groupSearch.find(setSize, sorted).flatMap(g -> fromGroup(set, setSize, participants.size(), sorted, g));
        }
        List<String> members = new ArrayList<>();
        long heldSum = 0;
        long overlap = 0;
        double expected = 0;
        long largest = 0;
        for (int i : best) {
            members.add(ids.get(i));
            heldSum += held[i];
            overlap += sharedOf[i];
            expected += expectedOf[i];
            largest = Math.max(largest, held[i]);
        }
        return finding(set, setSize, participants.size(), sorted, members, heldSum - overlap, largest, overlap, expected,
                bestLog10P, "member_shortfall");
    }

    /** A group found by {@link SplitGroupSearch}, with its members' items counted on the whole set. */
    private Optional<Split> fromGroup(String set, int setSize, int participants, Map<String, Participant> sorted,
            SplitGroupSearch.Group g) {
        RoaringBitmap union = new RoaringBitmap();
        long heldSum = 0;
        long largest = 0;
        List<Long> sizes = new ArrayList<>();
        for (String id : g.members()) {
            RoaringBitmap items = sorted.get(id).items();
            long k = items.getLongCardinality();
            union.or(items);
            heldSum += k;
            largest = Math.max(largest, k);
            sizes.add(k);
        }
        // Shared and expected among the members themselves (pairs of members, whole set).
        double expected = 0;
        long sum = 0;
        for (long k : sizes) {
            expected += (double) sum * k / setSize;
            sum += k;
        }
        long together = union.getLongCardinality();
        return finding(set, setSize, participants, sorted, g.members(), together, largest, heldSum - together, expected,
                g.log10P(), "group_search");
    }

    private Optional<Split> finding(String set, int setSize, int participants, Map<String, Participant> sorted,
            List<String> members, long together, long largest, long overlap, double expected, double log10P,
            String test) {
        // Together the members must cover much more than any of them alone: a split, not one
        // walker with a few stragglers.
        if (together < config.minUnion() || together < config.minCoverageGain() * largest) {
            return Optional.empty();
        }
        String org = null;
        boolean oneOrg = true;
        for (String id : members) {
            String o = sorted.get(id).org();
            oneOrg &= !o.isEmpty() && (org == null || org.equals(o));
            org = o;
        }
        double grow = Ramps.logRamp(together, config.minUnion(), config.fullUnion());
        double score = (0.5 + 0.5 * grow) * (oneOrg ? config.declaredTenantFactor() : 1.0);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("dataset", set);
        evidence.put("dataset_items", setSize);
        evidence.put("members", members.size());
        evidence.put("member_ids", members.subList(0, Math.min(members.size(), config.listedMembers())));
        evidence.put("items_held_together", together);
        evidence.put("dataset_coverage", round((double) together / setSize));
        evidence.put("largest_member_items", largest);
        evidence.put("shared_items", overlap);
        evidence.put("expected_shared_items", round(expected));
        evidence.put("log10_p", round(Math.max(-999, log10P)));
        evidence.put("test", test);
        evidence.put("coverage_gain", round((double) together / Math.max(1, largest)));
        evidence.put("participants", participants);
        evidence.put("declared_tenant", oneOrg);
        return Optional.of(new Split(List.copyOf(members), new DetectorFinding(NAME, EvidenceGroup.COORDINATION,
                score, evidence)));
    }

    /** The member thresholds tested: memberAlpha, then by decades up to maxMemberAlpha. */
    private List<Double> ladder() {
        List<Double> out = new ArrayList<>();
        for (double t = config.memberAlpha(); t < config.maxMemberAlpha() * 0.999; t *= 10) {
            out.add(t);
        }
        out.add(config.maxMemberAlpha());
        return out;
    }

    /** One line for an analyst. */
    public String headline(DetectorFinding f) {
        if (f.evidence().containsKey("cluster_id")) {
            return "member of dataset split " + f.evidence().get("cluster_id") + ": " + f.evidence().get("member_items")
                    + " items of " + f.evidence().get("dataset");
        }
        return "dataset split: " + f.evidence().get("members") + " accounts walked " + f.evidence().get("items_held_together")
                + " items of " + f.evidence().get("dataset") + " between them, sharing " + f.evidence().get("shared_items")
                + " where " + f.evidence().get("expected_shared_items") + " were expected";
    }
}
