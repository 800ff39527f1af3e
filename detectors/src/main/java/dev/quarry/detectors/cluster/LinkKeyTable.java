package dev.quarry.detectors.cluster;

import dev.quarry.detectors.codec.StateInput;
import dev.quarry.detectors.codec.StateOutput;
import dev.quarry.detectors.config.HydraConfig;
import dev.quarry.fingerprint.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The link keys of the cluster side: one {@link ClusterMessage.LinkClaim} per client and key. A
 * key's first member becomes its anchor; each later new member yields one edge (member, anchor,
 * key), so a key shared by {@code n} clients costs {@code n - 1} edges however many events they
 * send. A key that reaches its member cap (strong and weak keys have their own) is marked too
 * common and links nobody more: the clients it linked before stay linked, which is why weak caps
 * are small and why linking alone never alerts (the cluster is scored on its pooled traffic).
 * Claims arrive in the cluster side's total order ({@link ClusterMessageOrder}), so which clients
 * a key linked before it became too common is the same in every run.
 *
 * <p>State per key is bounded: a count, the anchor, a flag and up to {@value #DEDUP} member hashes
 * (claims are already sent once per client; the hashes only absorb a client re-announcing after
 * its state was rebuilt). Confined to one stream thread.
 */
public final class LinkKeyTable {
    /** Member hashes kept per key for de-duplication. */
    static final int DEDUP = 256;
    private final HydraConfig config;
    private final KeyValueStore<String, byte[]> store;

    /** @param store the key-value store of link keys */
    public LinkKeyTable(HydraConfig config, KeyValueStore<String, byte[]> store) {
        this.config = config;
        this.store = store;
    }

    /** Records the claim; returns the edge it adds, if any. */
    public Optional<ClusterMessage.Edge> claim(ClusterMessage.LinkClaim claim) {
        byte[] bytes = store.get(claim.key());
        KeyState s = bytes == null ? new KeyState() : KeyState.decode(bytes);
        if (s.tooCommon) {
            return Optional.empty();
        }
        long h = Hashing.hash64(claim.clientId());
        int at = Arrays.binarySearch(s.members, h);
        if (at >= 0 || claim.clientId().equals(s.anchor)) {
            return Optional.empty();
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
        Optional<ClusterMessage.Edge> edge = Optional.empty();
        if (s.anchor == null) {
            s.anchor = claim.clientId();
        } else if (s.count > cap) {
            s.tooCommon = true;
            s.members = new long[0];
        } else {
            edge = Optional.of(new ClusterMessage.Edge(claim.clientId(), s.anchor, claim.key(), claim.eventId(), claim.ts()));
        }
        store.put(claim.key(), s.encode());
        return edge;
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
