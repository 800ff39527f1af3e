package dev.quarry.detectors.cluster;

import dev.quarry.detectors.codec.StateInput;
import dev.quarry.detectors.codec.StateOutput;
import dev.quarry.detectors.config.HydraConfig;
import dev.quarry.fingerprint.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The link side: records arrive keyed by link key (repartition {@code by-link-key}), one
 * {@link ClusterMessage.LinkClaim} per client and key. A key's first member becomes its anchor;
 * each later new member yields one edge (member, anchor, key), so a key shared by {@code n}
 * clients costs {@code n - 1} edges however many events they send. A key that reaches its member
 * cap (strong and weak keys have their own) is marked too common and links nobody more: the
 * clients it linked before stay linked, which is why weak caps are small and why linking alone
 * never alerts (the cluster is scored on its pooled traffic).
 *
 * <p>State per key is bounded: a count, the anchor, a flag and up to {@value #DEDUP} member hashes
 * (claims are already sent once per client; the hashes only absorb a client re-announcing after
 * its state was rebuilt). Scales out with the number of partitions of {@code by-link-key}.
 * Confined to one stream thread.
 */
public final class LinkKeyProcessor implements Processor<String, ClusterMessage, String, ClusterMessage> {
    /** Member hashes kept per key for de-duplication. */
    static final int DEDUP = 256;
    private final HydraConfig config;
    private final String storeName;
    private final String edgeKey;
    private ProcessorContext<String, ClusterMessage> context;
    private KeyValueStore<String, byte[]> store;

    /** @param edgeKey the key edges are forwarded under (one constant while the cluster side is one partition) */
    public LinkKeyProcessor(HydraConfig config, String storeName, String edgeKey) {
        this.config = config;
        this.storeName = storeName;
        this.edgeKey = edgeKey;
    }

    @Override
    public void init(ProcessorContext<String, ClusterMessage> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, ClusterMessage> record) {
        if (!(record.value() instanceof ClusterMessage.LinkClaim claim)) {
            return;
        }
        byte[] bytes = store.get(claim.key());
        KeyState s = bytes == null ? new KeyState() : KeyState.decode(bytes);
        if (s.tooCommon) {
            return;
        }
        long h = Hashing.hash64(claim.clientId());
        int at = Arrays.binarySearch(s.members, h);
        if (at >= 0 || claim.clientId().equals(s.anchor)) {
            return;
        }
        int cap = LinkKeys.isStrong(claim.key()) ? config.maxMembersStrongKey() : config.maxMembersWeakKey();
        s.count++;
        if (s.members.length < DEDUP) {
            int i = -at - 1;
            long[] next = new long[s.members.length + 1];
            System.arraycopy(s.members, 0, next, 0, i);
            next[i] = h;
            System.arraycopy(s.members, i, next, i + 1, s.members.length - i);
            s.members = next;
        }
        if (s.anchor == null) {
            s.anchor = claim.clientId();
        } else if (s.count > cap) {
            s.tooCommon = true;
            s.members = new long[0];
        } else {
            context.forward(new Record<>(edgeKey,
                    new ClusterMessage.Edge(claim.clientId(), s.anchor, claim.key(), claim.eventId(), claim.ts()), claim.ts()));
        }
        store.put(claim.key(), s.encode());
    }

    /** One link key's state. */
    static final class KeyState {
        int count;
        String anchor;
        boolean tooCommon;
        long[] members = new long[0];

        byte[] encode() {
            try {
                StateOutput out = new StateOutput(32 + members.length * 8);
                out.writeInt(count);
                out.writeUTF(anchor == null ? "" : anchor);
                out.writeBoolean(tooCommon);
                out.writeInt(members.length);
                for (long m : members) {
                    out.writeLong(m);
                }
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static KeyState decode(byte[] b) {
            try {
                StateInput in = new StateInput(b);
                KeyState s = new KeyState();
                s.count = in.readInt();
                String anchor = in.readUTF();
                s.anchor = anchor.isEmpty() ? null : anchor;
                s.tooCommon = in.readBoolean();
                s.members = new long[in.readInt()];
                for (int i = 0; i < s.members.length; i++) {
                    s.members[i] = in.readLong();
                }
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
