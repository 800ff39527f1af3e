package dev.quarry.detectors.cluster;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.codec.StateInput;
import dev.quarry.detectors.codec.StateOutput;
import dev.quarry.detectors.fusion.AlertFusion;
import dev.quarry.detectors.fusion.FusionState;
import dev.quarry.detectors.suppression.Hold;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.roaringbitmap.RoaringBitmap;

/**
 * The dataset-split side: {@link ClusterMessage.ItemClaim}s arrive keyed by reference set, so one
 * set's claims are on one partition whatever the instance count. Per set it keeps each client's
 * items (a RoaringBitmap), the participants (clients with at least {@code minItems} items),
 * and rescores the set with {@link DatasetSplitDetector} every {@code rescoreEvery} claims and
 * whenever a participant joins. A split is alerted as a cluster ({@link Subject#cluster}, id
 * {@code split-<set>}, its members in the subject) and, while it is alerting, each member gets a
 * {@code dataset_split} client alert; each subject has its own {@link FusionState}, so a split
 * that falls apart fades like any other finding.
 *
 * <p>Clients are compared over {@code period}: a client with no claim of a set for that long
 * leaves it (its items are forgotten, its participant slot freed; a stream-time punctuation
 * deletes idle clients' items every 1/24 of the period), so the state holds one period's clients
 * and a split is found among accounts active in the same period.
 *
 * <p>Store layout (one key-value store): {@code c|set|client} a client's items, org, last claim time
 * and claim count (repeats included);
 * {@code n|set} the set's claim counter; {@code s|set} its participants and fleet fusion state;
 * {@code m|set|client} a member's fusion state. Per set the work is one small read and write per
 * claim, and a pass over the participants' bitmaps per rescore. Confined to one stream thread.
 */
public final class DatasetSplitProcessor implements Processor<String, ClusterMessage, String, Alert> {
    private static final byte FORMAT = 1;
    /** Client items with the time of their last claim (format 1 has none). */
    private static final byte TIMED_CLIENT_FORMAT = 2;
    /** Client items with the time of their last claim and the claims counted (format 2 has none). */
    private static final byte CLIENT_FORMAT = 3;
    private static final String CLIENTS = "c|";
    private final DatasetSplitDetector detector;
    private final AlertFusion fleetFusion;
    private final AlertFusion memberFusion;
    private final FleetFusion fusion;
    private final PipelineCounters counters;
    private final String storeName;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, byte[]> store;

    /**
     * @param detector tests a set's participants; its configuration ({@code detection.datasetSplit}) is this side's
     * @param fusion the split alert's fusion and the member alerts' ({@code split} scope)
     * @param storeName the key-value store of sets, clients' items and member fusion states
     */
    public DatasetSplitProcessor(DatasetSplitDetector detector, FleetFusion fusion, PipelineCounters counters,
            String storeName) {
        this.detector = detector;
        this.fleetFusion = fusion.fleet();
        this.memberFusion = fusion.members();
        this.fusion = fusion;
        this.counters = counters;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        long period = detector.config().period().toMillis();
        // Forgets clients idle for a period, participants or not (a student's three items too).
        context.schedule(Duration.ofMillis(Math.max(60_000L, period / 24)), PunctuationType.STREAM_TIME,
                this::forgetIdle);
    }

    /** Deletes the items of clients whose last claim is a period older than {@code now}. */
    void forgetIdle(long now) {
        long horizon = now - detector.config().period().toMillis();
        List<String> idle = new ArrayList<>();
        // "c}" is the first key after every "c|..." key.
        try (KeyValueIterator<String, byte[]> it = store.range(CLIENTS, "c}")) {
            while (it.hasNext()) {
                var kv = it.next();
                if (ClientItems.decode(kv.value).lastTs < horizon) {
                    idle.add(kv.key);
                }
            }
        }
        for (String k : idle) {
            store.delete(k);
        }
    }

    @Override
    public void process(Record<String, ClusterMessage> record) {
        if (!(record.value() instanceof ClusterMessage.ItemClaim c)) {
            return;
        }
        String clientKey = CLIENTS + c.set() + "|" + c.clientId();
        ClientItems items = ClientItems.decode(store.get(clientKey));
        if (items.lastTs < c.ts() - detector.config().period().toMillis()) {
            // Items from an earlier period: this client starts over.
            items = new ClientItems();
        }
        items.lastTs = items.lastTs == Long.MAX_VALUE ? c.ts() : Math.max(items.lastTs, c.ts());
        boolean added = items.items.checkedAdd(c.item());
        items.claims++;
        if (items.org.isEmpty() && !c.org().isEmpty()) {
            items.org = c.org();
        }
        store.put(clientKey, items.encode());
        // The claim counter lives apart from the set's state, so most claims touch neither the
        // participant list nor the fusion state.
        String counterKey = "n|" + c.set();
        byte[] counted = store.get(counterKey);
        long claims = (counted == null ? 0 : ByteBuffer.wrap(counted).getLong()) + 1;
        store.put(counterKey, ByteBuffer.allocate(Long.BYTES).putLong(claims).array());
        boolean reachesMinItems = added && items.items.getCardinality() == detector.config().minItems();
        if (!reachesMinItems && claims % detector.config().rescoreEvery() != 0) {
            return;
        }
        SetState set = SetState.decode(store.get("s|" + c.set()));
        set.setSize = c.setSize();
        boolean joined = false;
        if (reachesMinItems && !set.participants.contains(c.clientId())) {
            if (set.participants.size() < detector.config().maxParticipants()) {
                set.participants.add(c.clientId());
                joined = true;
            } else {
                set.dropped++;
            }
        }
        if (joined || claims % detector.config().rescoreEvery() == 0) {
            rescore(c, set);
        }
        store.put("s|" + c.set(), set.encode());
    }

    private void rescore(ClusterMessage.ItemClaim c, SetState set) {
        Map<String, DatasetSplitDetector.Participant> participants = new HashMap<>();
        long horizon = c.ts() - detector.config().period().toMillis();
        List<String> active = new ArrayList<>(set.participants.size());
        for (String client : set.participants) {
            byte[] b = store.get(CLIENTS + c.set() + "|" + client);
            ClientItems items = ClientItems.decode(b);
            // A participant idle for a period leaves the set and frees its slot.
            if (b == null || items.lastTs < horizon || items.items.getCardinality() < detector.config().minItems()) {
                continue;
            }
            active.add(client);
            participants.put(client, new DatasetSplitDetector.Participant(items.org, items.items, items.claims));
        }
        set.participants = active;
        Optional<DatasetSplitDetector.Split> split = detector.score(c.set(), set.setSize, participants)
                .map(s -> withDropped(s, set.dropped));
        if (split.isEmpty() && set.fusion.alertId() == null) {
            return;
        }
        String id = set.clusterId != null ? set.clusterId : "split-" + c.set();
        List<String> members = split.map(DatasetSplitDetector.Split::members).orElse(set.members);
        List<String> listed = members.subList(0, Math.min(members.size(), detector.config().listedMembers()));
        long items = split.map(s -> ((Number) s.finding().evidence().get("items_held_together")).longValue()).orElse(0L);
        Optional<Alert> alert = fleetFusion.fuse(Subject.cluster(id, listed), c.ts(), c.eventId(),
                id + "@" + set.fusion.openedCount(), split.map(s -> List.of(s.finding())).orElse(List.of()),
                set.fusion, items, false)
                .map(a -> fusion.markSuppressedMembers(a, listed, List.of(DatasetSplitDetector.NAME),
                        m -> orgOf(participants, m), c.ts()));
        if (alert.isPresent() && set.clusterId == null) {
            set.clusterId = id;
        }
        set.members = new ArrayList<>(listed);
        alert.ifPresent(a -> {
            context.forward(new Record<>(a.subject().key(), a, c.ts()));
        });
        boolean alerting = set.fusion.alertId() != null && set.fusion.severity() != null;
        if (split.isEmpty() || !alerting) {
            return;
        }
        DetectorFinding fleet = split.get().finding();
        for (String member : split.get().members()) {
            String key = "m|" + c.set() + "|" + member;
            byte[] b = store.get(key);
            FusionState state = b == null ? new FusionState() : FusionState.decode(b);
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("cluster_id", id);
            evidence.put("dataset", c.set());
            evidence.put("member_items", participants.get(member).items().getLongCardinality());
            evidence.put("members", fleet.evidence().get("members"));
            evidence.put("items_held_together", fleet.evidence().get("items_held_together"));
            evidence.put("log10_p", fleet.evidence().get("log10_p"));
            DetectorFinding finding = new DetectorFinding(DatasetSplitDetector.NAME, fleet.group(), fleet.score(), evidence);
            String org = orgOf(participants, member);
            Hold hold = fusion.suppressions().current().holdFor(member, org, c.ts());
            Optional<Alert> a = memberFusion.fuse(Subject.client(member), c.ts(), c.eventId(),
                    id + "@" + state.openedCount(), List.of(finding), state,
                    participants.get(member).items().getLongCardinality(),
                    memberFusion.allowListed(member, org), hold);
            int held = memberFusion.heldSignals(List.of(finding), hold);
            if (held > 0) {
                counters.findingsSuppressed(held);
            }
            store.put(key, state.encode());
            a.ifPresent(x -> {
                context.forward(new Record<>(member, x, c.ts()));
            });
        }
    }

    /** A participant's declared organisation, or null when it declared none (or is not a participant). */
    private static String orgOf(Map<String, DatasetSplitDetector.Participant> participants, String member) {
        DatasetSplitDetector.Participant p = participants.get(member);
        return p == null || p.org().isEmpty() ? null : p.org();
    }

    /** The split with the participants the set could not track in its evidence. */
    private static DatasetSplitDetector.Split withDropped(DatasetSplitDetector.Split s, long dropped) {
        Map<String, Object> evidence = new LinkedHashMap<>(s.finding().evidence());
        evidence.put("participants_dropped", dropped);
        DetectorFinding f = s.finding();
        return new DatasetSplitDetector.Split(s.members(), new DetectorFinding(f.name(), f.group(), f.score(), evidence));
    }

    /** One client's items of one set. */
    static final class ClientItems {
        String org = "";
        /** Event time of the client's last claim of the set. */
        long lastTs = Long.MIN_VALUE;
        /** Claims of the set's items, repeats included. */
        long claims;
        final RoaringBitmap items = new RoaringBitmap();

        static ClientItems decode(byte[] b) {
            ClientItems c = new ClientItems();
            if (b == null) {
                return c;
            }
            try {
                StateInput in = new StateInput(b);
                byte format = in.readByte();
                if (format != FORMAT && format != TIMED_CLIENT_FORMAT && format != CLIENT_FORMAT) {
                    throw new IllegalStateException("unknown dataset-split client format " + format);
                }
                c.org = in.readUTF();
                // Format 1 kept no time: such a client counts as active until its next claim.
                c.lastTs = format == FORMAT ? Long.MAX_VALUE : in.readLong();
                // Formats 1 and 2 kept no claim count: each item counts as asked once.
                long claims = format == CLIENT_FORMAT ? in.readLong() : -1;
                c.items.deserialize(in);
                c.claims = claims >= 0 ? claims : c.items.getLongCardinality();
                return c;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] encode() {
            try {
                StateOutput out = new StateOutput(64);
                out.writeByte(CLIENT_FORMAT);
                out.writeUTF(org);
                out.writeLong(lastTs);
                out.writeLong(claims);
                items.runOptimize();
                items.serialize(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One set's participants, claim count and fleet alert state. */
    static final class SetState {
        int setSize;
        long dropped;
        String clusterId;
        List<String> participants = new ArrayList<>();
        List<String> members = new ArrayList<>();
        FusionState fusion = new FusionState();

        static SetState decode(byte[] b) {
            SetState s = new SetState();
            if (b == null) {
                return s;
            }
            try {
                StateInput in = new StateInput(b);
                byte format = in.readByte();
                if (format != FORMAT) {
                    throw new IllegalStateException("unknown dataset-split set format " + format);
                }
                s.setSize = in.readInt();
                s.dropped = in.readLong();
                String id = in.readUTF();
                s.clusterId = id.isEmpty() ? null : id;
                s.participants = readList(in);
                s.members = readList(in);
                byte[] fusion = new byte[in.readInt()];
                in.readFully(fusion);
                s.fusion = FusionState.decode(fusion);
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] encode() {
            try {
                StateOutput out = new StateOutput(256);
                out.writeByte(FORMAT);
                out.writeInt(setSize);
                out.writeLong(dropped);
                out.writeUTF(clusterId == null ? "" : clusterId);
                writeList(out, participants);
                writeList(out, members);
                byte[] fusionBytes = fusion.encode();
                out.writeInt(fusionBytes.length);
                out.write(fusionBytes);
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static List<String> readList(StateInput in) throws IOException {
            int n = in.readInt();
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(in.readUTF());
            }
            return out;
        }

        private static void writeList(StateOutput out, List<String> list) throws IOException {
            out.writeInt(list.size());
            for (String s : list) {
                out.writeUTF(s);
            }
        }
    }
}
