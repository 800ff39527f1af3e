package dev.quarry.detectors.cluster;

import dev.quarry.detectors.codec.StateInput;
import dev.quarry.detectors.codec.StateOutput;
import dev.quarry.detectors.fusion.FusionState;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One client on the cluster side: its union-find parent pointer (null at a root), its latest
 * summary (so a newer one can replace its contribution to the pooled sums), the fusion state of
 * its {@code hydra_cluster} member alert, and, at a root only, the cluster's {@link ClusterStats}.
 * Encoding: {@code byte 1}, then the fields, each optional part behind a presence flag.
 * Confined to one stream thread.
 */
public final class ClusterNode {
    private static final byte FORMAT = 2;
    /** Format 1: cluster stats without the pooled capability-coverage sums. */
    private static final byte FORMAT_WITHOUT_SWEEP = 1;
    String parent;
    ClusterMessage.ClientSummary summary;
    FusionState memberFusion;
    ClusterStats stats;

    byte[] encode() {
        try {
            StateOutput out = new StateOutput(256);
            out.writeByte(FORMAT);
            out.writeUTF(parent == null ? "" : parent);
            out.writeBoolean(summary != null);
            if (summary != null) {
                byte[] s = ClusterMessageSerde.encode(summary);
                out.writeInt(s.length);
                out.write(s);
            }
            out.writeBoolean(memberFusion != null);
            if (memberFusion != null) {
                byte[] f = memberFusion.encode();
                out.writeInt(f.length);
                out.write(f);
            }
            out.writeBoolean(stats != null);
            if (stats != null) {
                stats.writeTo(out);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ClusterNode decode(byte[] b) {
        try {
            StateInput in = new StateInput(b);
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_WITHOUT_SWEEP) {
                throw new IllegalStateException("unknown cluster node format " + format);
            }
            ClusterNode n = new ClusterNode();
            String parent = in.readUTF();
            n.parent = parent.isEmpty() ? null : parent;
            if (in.readBoolean()) {
                byte[] s = new byte[in.readInt()];
                in.readFully(s);
                n.summary = (ClusterMessage.ClientSummary) ClusterMessageSerde.decode(s);
            }
            if (in.readBoolean()) {
                byte[] f = new byte[in.readInt()];
                in.readFully(f);
                n.memberFusion = FusionState.decode(f);
            }
            if (in.readBoolean()) {
                n.stats = ClusterStats.read(in, format != FORMAT_WITHOUT_SWEEP);
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
