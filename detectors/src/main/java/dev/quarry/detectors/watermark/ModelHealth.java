package dev.quarry.detectors.watermark;

import dev.quarry.detectors.codec.StateInput;
import dev.quarry.detectors.codec.StateOutput;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The health monitor's state for one model: the open window's counts, whether the model was
 * ever seen watermarked, and the open alert if any. Small and fixed-size; its encoding is
 * deterministic. Confined to one stream thread.
 */
final class ModelHealth {
    /** Responses counted (at least min_tokens token ids) over the model's life. */
    long responses;
    /** Windows closed, and how many of them were below the floor. */
    long windows;
    long unhealthyWindows;
    /** True once a window reached the floor: the model is watermarked and is watched from then on. */
    boolean everHealthy;
    /** Open window: responses, watermarked among them, and its first event time. */
    int windowResponses;
    int windowWatermarked;
    long windowFirstTs;
    /** Sum of the open window's z-scores, for its mean. */
    double windowZSum;
    /** The open alert (a run of unhealthy windows), or null. */
    String alertId;
    long alertFirstTs;

    byte[] toBytes() {
        StateOutput out = new StateOutput(96);
        try {
            out.writeLong(responses);
            out.writeLong(windows);
            out.writeLong(unhealthyWindows);
            out.writeBoolean(everHealthy);
            out.writeInt(windowResponses);
            out.writeInt(windowWatermarked);
            out.writeLong(windowFirstTs);
            out.writeDouble(windowZSum);
            out.writeBoolean(alertId != null);
            if (alertId != null) {
                out.writeUTF(alertId);
                out.writeLong(alertFirstTs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static ModelHealth fromBytes(byte[] bytes) {
        ModelHealth h = new ModelHealth();
        try {
            StateInput in = new StateInput(bytes);
            h.responses = in.readLong();
            h.windows = in.readLong();
            h.unhealthyWindows = in.readLong();
            h.everHealthy = in.readBoolean();
            h.windowResponses = in.readInt();
            h.windowWatermarked = in.readInt();
            h.windowFirstTs = in.readLong();
            h.windowZSum = in.readDouble();
            if (in.readBoolean()) {
                h.alertId = in.readUTF();
                h.alertFirstTs = in.readLong();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return h;
    }
}
