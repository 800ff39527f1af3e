package dev.quarry.detectors.cluster;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.config.HydraConfig;
import dev.quarry.detectors.fusion.AlertFusion;
import dev.quarry.detectors.fusion.FusionState;
import dev.quarry.detectors.suppression.Hold;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The cluster side: a union-find over client ids fed by the edges of the link keys
 * ({@link LinkKeyTable}, from {@link ClusterMessage.LinkClaim}s), pooling the
 * members' {@link ClusterMessage.ClientSummary}s on each root, scored by {@link HydraClusterDetector}
 * and fused into a cluster alert ({@link Subject#cluster}) plus one {@code hydra_cluster} alert per
 * member, each with its own {@link FusionState} so suppression and versioning work as for clients.
 *
 * <p>Union by size (ties: the smaller id wins) with path compression; a cluster's id is fixed the
 * first time it alerts, {@code hydra-<smallest member id then>}, and kept through later unions (the
 * winner's, else the loser's). Members are alerted at the cluster's alert (the evidence sample)
 * and each time a member's summary arrives while its cluster is alerting, so a fleet of thousands
 * is covered without a pass over all members. Alert ids derive from the cluster id (and how many
 * alerts the subject had before), not from the triggering event. Its input comes in one total
 * order ({@link ClusterMessageOrder}), so the same messages give the same links, clusters and
 * alerts in every run, whatever the interleaving of the upstream partitions.
 *
 * <p>Weak keys ({@code net-tls:}, {@code net-tpl:}, {@code tls-tpl:}) join clients only when
 * {@link LinkEvidence} finds their attributes rare enough to mean common control; strong keys
 * always do.
 *
 * <p>Scale limit: all records arrive under one constant key, on one partition, because a union
 * can join any two clients. That is affordable because link claims are rare (one per client and
 * key, not per event) and summaries are one per {@code hydra.summaryEvery} events of a client.
 * Scaling out would shard by a hash of the link key with a second, cross-shard merge step.
 * Confined to one stream thread.
 */
public final class ClusterProcessor implements Processor<String, ClusterMessage, String, Alert> {
    private final HydraConfig config;
    private final HydraClusterDetector detector;
    private final AlertFusion clusterFusion;
    private final AlertFusion memberFusion;
    private final FleetFusion fusion;
    private final PipelineCounters counters;
    private final String storeName;
    private final String linkStoreName;
    private final String linkKeyStoreName;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, byte[]> store;
    private LinkEvidence links;
    private LinkKeyTable linkKeys;
    /**
     * The nodes one record touched, decoded once and written back once when it is done: a
     * summary reads the root and each accused member several times, and each decode parses the
     * member alerts' fusion state.
     */
    private final Map<String, ClusterNode> touched = new HashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();

    /**
     * @param detector scores a cluster; its configuration ({@code detection.hydra}) is this side's
     * @param fusion the cluster alert's fusion and the member alerts' ({@code hydra} scope)
     * @param storeName the key-value store of cluster nodes
     * @param linkStoreName the key-value store of attribute counts and weak keys ({@link LinkEvidence})
     * @param linkKeyStoreName the key-value store of link keys' members ({@link LinkKeyTable})
     */
    public ClusterProcessor(HydraClusterDetector detector, FleetFusion fusion, PipelineCounters counters,
            String storeName, String linkStoreName, String linkKeyStoreName) {
        this.config = detector.config();
        this.detector = detector;
        this.clusterFusion = fusion.fleet();
        this.memberFusion = fusion.members();
        this.fusion = fusion;
        this.counters = counters;
        this.storeName = storeName;
        this.linkStoreName = linkStoreName;
        this.linkKeyStoreName = linkKeyStoreName;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.links = new LinkEvidence(config, context.getStateStore(linkStoreName));
        this.linkKeys = new LinkKeyTable(config, context.getStateStore(linkKeyStoreName));
    }

    @Override
    public void process(Record<String, ClusterMessage> record) {
        try {
            handle(record);
        } finally {
            flush();
        }
    }

    private void flush() {
        for (String client : dirty) {
            store.put(client, touched.get(client).encode());
        }
        dirty.clear();
        touched.clear();
    }

    private void handle(Record<String, ClusterMessage> record) {
        handle(record.value());
    }

    private void handle(ClusterMessage message) {
        if (message instanceof ClusterMessage.AttributeClaim a) {
            links.count(a.attribute());
        } else if (message instanceof ClusterMessage.LinkClaim c) {
            linkKeys.claim(c).ifPresent(this::handle);
        } else if (message instanceof ClusterMessage.Edge e) {
            if (LinkKeys.isStrong(e.key())) {
                String root = union(e.a(), e.b(), e.key());
                rescore(root, e.ts(), e.eventId(), null);
                return;
            }
            // A weak key links only when its attributes are rare enough; members that waited join now.
            List<String> join = links.admit(e);
            String root = null;
            for (String m : join) {
                root = union(m, e.b(), e.key());
            }
            if (root != null) {
                rescore(root, e.ts(), e.eventId(), null);
            }
        } else if (message instanceof ClusterMessage.ClientSummary s) {
            String rootId = root(s.clientId());
            ClusterNode node = node(s.clientId());
            ClusterNode rootNode = rootId.equals(s.clientId()) ? node : node(rootId);
            if (node.summary != null) {
                rootNode.stats.apply(node.summary, -1);
            }
            rootNode.stats.apply(s, 1);
            node.summary = s;
            put(s.clientId(), node);
            if (rootNode != node) {
                put(rootId, rootNode);
            }
            rescore(rootId, s.ts(), s.eventId(), s.clientId());
        }
    }

    private void rescore(String root, long ts, String triggerEventId, String summarisedMember) {
        ClusterNode rootNode = node(root);
        ClusterStats stats = rootNode.stats;
        Optional<DetectorFinding> finding = detector.score(stats);
        Optional<DetectorFinding> pooled = detector.pooledSweep(stats);
        List<DetectorFinding> findings = new ArrayList<>(2);
        finding.ifPresent(findings::add);
        pooled.ifPresent(findings::add);
        if (findings.isEmpty() && stats.fusion.alertId() == null) {
            return;
        }
        String id = stats.clusterId != null ? stats.clusterId : "hydra-" + stats.smallestMember();
        Long mark = detector.sweepMark(stats);
        // Only a fleet-wide finding accuses every member; the pooled sweep accuses the template's carriers.
        List<String> accused = finding.isPresent() ? stats.memberSample()
                : stats.memberSample().stream().filter(m -> carries(m, mark)).toList();
        Subject subject = Subject.cluster(id, accused);
        Optional<Alert> alert = clusterFusion.fuse(subject, ts, triggerEventId, id + "@" + stats.fusion.openedCount(),
                findings, stats.fusion, stats.totalEvents, false)
                // Member orgs are not known here: only client-scoped suppressions mark members.
                .map(a -> fusion.markSuppressedMembers(a, accused, findings.stream().map(DetectorFinding::name).toList(),
                        m -> null, ts));
        boolean alerting = stats.fusion.alertId() != null && stats.fusion.severity() != null;
        if (alert.isPresent() && stats.clusterId == null) {
            stats.clusterId = id;
        }
        put(root, rootNode);
        alert.ifPresent(a -> {
            context.forward(new Record<>(a.subject().key(), a, ts));
        });
        if (!alerting || findings.isEmpty()) {
            return;
        }
        List<String> members = new ArrayList<>();
        if (alert.isPresent()) {
            members.addAll(accused);
        }
        if (summarisedMember != null && !members.contains(summarisedMember)) {
            members.add(summarisedMember);
        }
        for (String m : members) {
            List<DetectorFinding> own = new ArrayList<>(2);
            finding.ifPresent(f -> own.add(new DetectorFinding(HydraClusterDetector.NAME, EvidenceGroup.COORDINATION,
                    f.score(), memberEvidence(stats))));
            if (pooled.isPresent() && carries(m, mark)) {
                own.add(pooled.get());
            }
            if (!own.isEmpty()) {
                alertMember(m, stats, own, ts, triggerEventId);
            }
        }
    }

    /** Whether the member's latest summary carries the template mark. */
    private boolean carries(String member, Long mark) {
        ClusterNode n = node(member);
        if (mark == null || n.summary == null) {
            return false;
        }
        for (long k : n.summary.marks()) {
            if (k == mark) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> memberEvidence(ClusterStats stats) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("cluster_id", stats.clusterId);
        evidence.put("cluster_size", stats.size);
        evidence.put("link_keys", new ArrayList<>(stats.keys));
        return evidence;
    }

    private void alertMember(String member, ClusterStats stats, List<DetectorFinding> findings, long ts,
            String triggerEventId) {
        ClusterNode n = node(member);
        if (n.memberFusion == null) {
            n.memberFusion = new FusionState();
        }
        long events = n.summary == null ? 0 : n.summary.events();
        Hold hold = fusion.suppressions().current().holdFor(member, null, ts);
        Optional<Alert> a = memberFusion.fuse(Subject.client(member), ts, triggerEventId,
                stats.clusterId + "@" + n.memberFusion.openedCount(), findings, n.memberFusion, events,
                memberFusion.allowListed(member, null), hold);
        int held = memberFusion.heldSignals(findings, hold);
        if (held > 0) {
            counters.findingsSuppressed(held);
        }
        // The root may be this member: keep the stats just updated, not a stale copy.
        if (n.stats != null) {
            n.stats = stats;
        }
        put(member, n);
        a.ifPresent(alert -> {
            context.forward(new Record<>(member, alert, ts));
        });
    }

    /** Joins the clusters of a and b; returns the resulting root. */
    String union(String a, String b, String key) {
        String ra = root(a);
        String rb = root(b);
        ClusterNode na = node(ra);
        if (ra.equals(rb)) {
            na.stats.addKey(key, config.evidenceMembers());
            put(ra, na);
            return ra;
        }
        ClusterNode nb = node(rb);
        boolean aWins = na.stats.size > nb.stats.size || (na.stats.size == nb.stats.size && ra.compareTo(rb) < 0);
        String winner = aWins ? ra : rb;
        ClusterNode w = aWins ? na : nb;
        ClusterNode l = aWins ? nb : na;
        w.stats.merge(l.stats, config.evidenceMembers());
        w.stats.addKey(key, config.evidenceMembers());
        l.stats = null;
        l.parent = winner;
        put(aWins ? rb : ra, l);
        put(winner, w);
        return winner;
    }

    /** {@link #root}, outside a record (tests): what it changed is written at once. */
    String find(String x) {
        try {
            return root(x);
        } finally {
            flush();
        }
    }

    /** The root of x's cluster, compressing the path to it. A client never seen is its own root. */
    private String root(String x) {
        List<String> path = new ArrayList<>();
        String cur = x;
        ClusterNode n = node(cur);
        while (n.parent != null) {
            path.add(cur);
            cur = n.parent;
            n = node(cur);
        }
        if (!touched.containsKey(cur) && store.get(cur) == null) {
            put(cur, n);
        }
        for (int i = 0; i < path.size() - 1; i++) {
            ClusterNode p = node(path.get(i));
            p.parent = cur;
            put(path.get(i), p);
        }
        return cur;
    }

    /**
     * The client's node as this record left it so far. A node never stored is new and not kept
     * unless put: each call before a put returns a fresh one.
     */
    private ClusterNode node(String client) {
        ClusterNode cached = touched.get(client);
        if (cached != null) {
            return cached;
        }
        byte[] b = store.get(client);
        if (b != null) {
            ClusterNode n = ClusterNode.decode(b);
            touched.put(client, n);
            return n;
        }
        ClusterNode n = new ClusterNode();
        n.stats = ClusterStats.of(client);
        return n;
    }

    /** Keeps the node; written to the store when the record is done. */
    private void put(String client, ClusterNode n) {
        touched.put(client, n);
        dirty.add(client);
    }
}
