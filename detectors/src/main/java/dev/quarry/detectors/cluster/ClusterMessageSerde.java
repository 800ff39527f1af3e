package dev.quarry.detectors.cluster;

import dev.quarry.detectors.codec.StateInput;
import dev.quarry.detectors.codec.StateOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary serde of {@link ClusterMessage} for the cluster-side repartition topics: a type byte,
 * then the fields in declaration order. Thread-safe.
 */
public final class ClusterMessageSerde implements Serde<ClusterMessage> {
    private static final byte CLAIM = 1;
    private static final byte EDGE = 2;
    private static final byte SUMMARY = 3;
    private static final byte ITEM = 4;
    /** A summary with the capability-coverage window (type 3 is read as one without). */
    private static final byte SUMMARY_SWEEP = 5;
    private static final byte ATTRIBUTE = 6;
    private static final byte PEER_SAMPLE = 7;

    @Override
    public Serializer<ClusterMessage> serializer() {
        return (topic, m) -> m == null ? null : encode(m);
    }

    @Override
    public Deserializer<ClusterMessage> deserializer() {
        return (topic, b) -> b == null ? null : decode(b);
    }

    static byte[] encode(ClusterMessage m) {
        try {
            StateOutput out = new StateOutput(128);
            if (m instanceof ClusterMessage.LinkClaim c) {
                out.writeByte(CLAIM);
                out.writeUTF(c.key());
                out.writeUTF(c.clientId());
                out.writeUTF(c.eventId());
                out.writeLong(c.ts());
            } else if (m instanceof ClusterMessage.Edge e) {
                out.writeByte(EDGE);
                out.writeUTF(e.a());
                out.writeUTF(e.b());
                out.writeUTF(e.key());
                out.writeUTF(e.eventId());
                out.writeLong(e.ts());
            } else if (m instanceof ClusterMessage.ClientSummary s) {
                out.writeByte(SUMMARY_SWEEP);
                out.writeUTF(s.clientId());
                out.writeUTF(s.eventId());
                out.writeLong(s.ts());
                out.writeLong(s.firstTs());
                out.writeLong(s.events());
                out.writeInt(s.activeHours());
                out.writeInt(s.maxHourly());
                out.writeDouble(s.meanCompletionTokens());
                out.writeDouble(s.score());
                long[] marks = s.marks();
                out.writeInt(marks.length);
                for (long k : marks) {
                    out.writeLong(k);
                }
                out.writeUTF(s.sampleTemplate());
                out.writeDouble(s.sweep());
                out.writeDouble(s.sweepRate());
            } else if (m instanceof ClusterMessage.AttributeClaim a) {
                out.writeByte(ATTRIBUTE);
                out.writeUTF(a.attribute());
                out.writeUTF(a.clientId());
                out.writeLong(a.ts());
            } else if (m instanceof ClusterMessage.PeerSample p) {
                out.writeByte(PEER_SAMPLE);
                out.writeUTF(p.clientId());
                out.writeUTF(p.shape());
                out.writeLong(p.ts());
                double[] values = p.values();
                out.writeInt(values.length);
                for (double v : values) {
                    out.writeDouble(v);
                }
            } else if (m instanceof ClusterMessage.ItemClaim c) {
                out.writeByte(ITEM);
                out.writeUTF(c.set());
                out.writeUTF(c.clientId());
                out.writeUTF(c.org());
                out.writeInt(c.item());
                out.writeInt(c.setSize());
                out.writeUTF(c.eventId());
                out.writeLong(c.ts());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ClusterMessage decode(byte[] b) {
        try {
            StateInput in = new StateInput(b);
            byte type = in.readByte();
            switch (type) {
                case CLAIM:
                    return new ClusterMessage.LinkClaim(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong());
                case EDGE:
                    return new ClusterMessage.Edge(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readLong());
                case SUMMARY:
                case SUMMARY_SWEEP:
                    String client = in.readUTF();
                    String eventId = in.readUTF();
                    long ts = in.readLong();
                    long firstTs = in.readLong();
                    long events = in.readLong();
                    int hours = in.readInt();
                    int hourly = in.readInt();
                    double completion = in.readDouble();
                    double score = in.readDouble();
                    long[] marks = new long[in.readInt()];
                    for (int i = 0; i < marks.length; i++) {
                        marks[i] = in.readLong();
                    }
                    String template = in.readUTF();
                    double sweep = type == SUMMARY_SWEEP ? in.readDouble() : 0;
                    double sweepRate = type == SUMMARY_SWEEP ? in.readDouble() : 0;
                    return new ClusterMessage.ClientSummary(client, eventId, ts, firstTs, events, hours, hourly,
                            completion, score, marks, template, sweep, sweepRate);
                case ITEM:
                    return new ClusterMessage.ItemClaim(in.readUTF(), in.readUTF(), in.readUTF(), in.readInt(),
                            in.readInt(), in.readUTF(), in.readLong());
                case ATTRIBUTE:
                    return new ClusterMessage.AttributeClaim(in.readUTF(), in.readUTF(), in.readLong());
                case PEER_SAMPLE:
                    String sampled = in.readUTF();
                    String shape = in.readUTF();
                    long at = in.readLong();
                    double[] values = new double[in.readInt()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = in.readDouble();
                    }
                    return new ClusterMessage.PeerSample(sampled, shape, at, values);
                default:
                    throw new IllegalStateException("unknown cluster message type " + type);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
