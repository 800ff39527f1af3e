package dev.quarry.detectors.watermark;

import dev.quarry.detectors.codec.StateInput;
import dev.quarry.detectors.codec.StateOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the watermark health branch keeps of one response: its event id and its logged
 * {@code response.token_ids}. The model is the record key and the event time the record
 * timestamp, so the repartition topic carries no prompt or response text.
 *
 * @param eventId the event's {@code event_id}
 * @param tokenIds the response's token ids; owned by this record, not modified
 */
public record ResponseTokens(String eventId, int[] tokenIds) {
    public ResponseTokens {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(tokenIds, "tokenIds");
    }

    void writeTo(StateOutput out) throws IOException {
        out.writeUTF(eventId);
        out.writeInt(tokenIds.length);
        for (int t : tokenIds) {
            out.writeInt(t);
        }
    }

    static ResponseTokens read(StateInput in) throws IOException {
        String id = in.readUTF();
        int n = in.readInt();
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = in.readInt();
        }
        return new ResponseTokens(id, tokens);
    }

    byte[] toBytes() {
        StateOutput out = new StateOutput(16 + eventId.length() + 4 * tokenIds.length);
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static ResponseTokens fromBytes(byte[] bytes) {
        try {
            return read(new StateInput(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The binary serde of the {@code by-model} repartition topic. */
    public static Serde<ResponseTokens> serde() {
        Serializer<ResponseTokens> ser = (topic, r) -> r == null ? null : r.toBytes();
        Deserializer<ResponseTokens> de = (topic, b) -> b == null ? null : fromBytes(b);
        return Serdes.serdeFrom(ser, de);
    }
}
