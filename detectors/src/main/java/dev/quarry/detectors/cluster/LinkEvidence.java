package dev.quarry.detectors.cluster;

import dev.quarry.detectors.codec.StateInput;
import dev.quarry.detectors.codec.StateOutput;
import dev.quarry.detectors.config.HydraConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Whether a weak link key is evidence of common control, weighed by how common its attributes are
 * (Fellegi and Sunter 1969, "A Theory for Record Linkage": an agreement is worth log(m/u), where u,
 * the chance that two unrelated records agree, is the attribute's frequency in the population).
 *
 * <p>The cluster side counts, per attribute ({@code tls:}, {@code net:}, {@code tpl:}), the
 * distinct clients announcing it, and the population ({@link LinkKeys#POPULATION}); being one
 * ordered partition, its counts do not depend on how the client side is partitioned. A weak key
 * shared by {@code k} clients links them when the number of clients expected to agree on all its
 * attributes by chance, {@code N x prod((outside_i + 1) / N)}, is at most
 * {@code hydra.maxChanceAgreements} ({@value HydraConfig#DEFAULT_MAX_CHANCE_AGREEMENTS}), where
 * {@code outside_i} counts the clients carrying attribute {@code i} that do not carry the key. So
 * a popular library's TLS stack (a large share of all clients) with a prompt skeleton many
 * unrelated products use links nobody, while a fleet's template that only the fleet carries links
 * its members whatever stack they use: counting only outsiders keeps a fleet's own size from making
 * its attributes look common (the frequency Fellegi-Sunter asks for is among unrelated records).
 * Below {@code hydra.minPopulation} ({@value HydraConfig#DEFAULT_MIN_POPULATION}) clients no
 * weak key links: frequencies are not yet known.
 *
 * <p>A key that does not link yet keeps its members (at most {@code hydra.maxMembersWeakKey}, the
 * link side's own cap) and is judged again at its next member; when it links, all of them join.
 * Strong keys ({@code pay:}, {@code org:}) are not weighed.
 *
 * <p>Store layout: {@code a|<attribute>} a count; {@code k|<key>} a weak key's member count and
 * its members still waiting. Grows with the distinct attributes and shared weak keys seen, like
 * the link side's store. Confined to one stream thread.
 */
final class LinkEvidence {
    private static final byte FORMAT = 1;
    private final HydraConfig config;
    private final KeyValueStore<String, byte[]> store;

    LinkEvidence(HydraConfig config, KeyValueStore<String, byte[]> store) {
        this.config = config;
        this.store = store;
    }

    /** Counts one more client carrying the attribute (claims are sent once per client and attribute). */
    void count(String attribute) {
        String k = "a|" + attribute;
        store.put(k, ByteBuffer.allocate(Long.BYTES).putLong(countOf(attribute) + 1).array());
    }

    long countOf(String attribute) {
        byte[] b = store.get("a|" + attribute);
        return b == null ? 0 : ByteBuffer.wrap(b).getLong();
    }

    /**
     * Takes one edge of a weak key: the members to join to the key's anchor {@code e.b()} now (the
     * edge's own member, and those that waited for the key to link), or none when the key does not
     * link (yet).
     */
    List<String> admit(ClusterMessage.Edge e) {
        String k = "k|" + e.key();
        KeyLinks s = KeyLinks.decode(store.get(k));
        s.members++;
        if (s.pending.size() < config.maxMembersWeakKey()) {
            s.pending.add(e.a());
        }
        List<String> join = List.of();
        if (links(e.key(), s.members + 1)) {
            join = s.pending;
            s.pending = new ArrayList<>();
        }
        store.put(k, s.encode());
        return join;
    }

    /** Whether a weak key carried by {@code carriers} clients links them now. */
    boolean links(String key, long carriers) {
        return chanceAgreements(key, carriers) <= config.maxChanceAgreements();
    }

    /**
     * Clients expected to agree on all the key's attributes by chance; infinite for a key without
     * attributes or while the population is below {@code minPopulation}.
     */
    double chanceAgreements(String key, long carriers) {
        List<String> parts = LinkKeys.components(key);
        long n = countOf(LinkKeys.POPULATION);
        if (parts.isEmpty() || n < config.minPopulation()) {
            return Double.POSITIVE_INFINITY;
        }
        double expected = n;
        for (String p : parts) {
            long outside = Math.max(0, countOf(p) - carriers);
            expected *= Math.min(1.0, (outside + 1.0) / n);
        }
        return expected;
    }

    /** A weak key's members on the cluster side. */
    static final class KeyLinks {
        int members;
        List<String> pending = new ArrayList<>();

        static KeyLinks decode(byte[] b) {
            KeyLinks s = new KeyLinks();
            if (b == null) {
                return s;
            }
            try {
                StateInput in = new StateInput(b);
                byte format = in.readByte();
                if (format != FORMAT) {
                    throw new IllegalStateException("unknown link evidence format " + format);
                }
                s.members = in.readInt();
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    s.pending.add(in.readUTF());
                }
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] encode() {
            try {
                StateOutput out = new StateOutput(16 + pending.size() * 16);
                out.writeByte(FORMAT);
                out.writeInt(members);
                out.writeInt(pending.size());
                for (String m : pending) {
                    out.writeUTF(m);
                }
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
