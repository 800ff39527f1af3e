package dev.quarry.detectors.cluster;

import dev.quarry.detectors.codec.StateInput;
import dev.quarry.detectors.codec.StateOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What crosses the {@code by-cluster} repartition: a {@link ClusterMessage} stamped by the client
 * step's partition it comes from, or that partition's watermark or end of input. The cluster side
 * ({@link ClusterMessageOrder}) uses the stamps to process messages in one total order whatever
 * the interleaving of the upstream partitions. Immutable.
 *
 * @param source the client step's partition (task) that sent it
 * @param streamTime that partition's stream time (largest event time it has processed) when it
 *     sent this: never decreases along one source, so it is the message's place in event time
 * @param message the message; null for a {@link Kind#WATERMARK} or {@link Kind#END}
 */
public record OrderedMessage(Kind kind, int source, long streamTime, ClusterMessage message) {
    /** What the record says. */
    public enum Kind {
        /** A cluster message. */
        MESSAGE,
        /** The source has processed everything up to {@code streamTime} (a heartbeat). */
        WATERMARK,
        /** The source's input has ended (an offline replay): nothing more will come from it. */
        END
    }

    public OrderedMessage {
        Objects.requireNonNull(kind, "kind");
        if (source < 0) {
            throw new IllegalArgumentException("source must be >= 0: " + source);
        }
        if ((kind == Kind.MESSAGE) != (message != null)) {
            throw new IllegalArgumentException(kind + " with message " + message);
        }
    }

    public static OrderedMessage of(int source, long streamTime, ClusterMessage message) {
        return new OrderedMessage(Kind.MESSAGE, source, streamTime, Objects.requireNonNull(message, "message"));
    }

    public static OrderedMessage watermark(int source, long streamTime) {
        return new OrderedMessage(Kind.WATERMARK, source, streamTime, null);
    }

    public static OrderedMessage end(int source) {
        return new OrderedMessage(Kind.END, source, Long.MAX_VALUE, null);
    }

    /** Binary serde: kind byte, source, stream time, then the message as {@link ClusterMessageSerde} writes it. */
    public static Serde<OrderedMessage> serde() {
        return new Serde<>() {
            @Override
            public Serializer<OrderedMessage> serializer() {
                return (topic, m) -> m == null ? null : encode(m);
            }

            @Override
            public Deserializer<OrderedMessage> deserializer() {
                return (topic, b) -> b == null ? null : decode(b);
            }
        };
    }

    static byte[] encode(OrderedMessage m) {
        byte[] body = m.message == null ? new byte[0] : ClusterMessageSerde.encode(m.message);
        StateOutput out = new StateOutput(16 + body.length);
        out.writeByte(m.kind.ordinal());
        out.writeInt(m.source);
        out.writeLong(m.streamTime);
        out.write(body);
        return out.toByteArray();
    }

    static OrderedMessage decode(byte[] b) {
        try {
            StateInput in = new StateInput(b);
            int kind = in.readByte();
            if (kind < 0 || kind >= Kind.values().length) {
                throw new IllegalStateException("unknown ordered message kind " + kind);
            }
            int source = in.readInt();
            long streamTime = in.readLong();
            int header = 1 + 4 + 8;
            ClusterMessage message = b.length > header
                    ? ClusterMessageSerde.decode(Arrays.copyOfRange(b, header, b.length)) : null;
            return new OrderedMessage(Kind.values()[kind], source, streamTime, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
