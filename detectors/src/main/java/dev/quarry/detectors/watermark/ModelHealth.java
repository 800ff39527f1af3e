package dev.quarry.detectors.watermark;

import dev.quarry.detectors.codec.StateInput;
import dev.quarry.detectors.codec.StateOutput;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The health monitor's state for one model: the open window's pooled counts, the baseline green
 * fraction of its recent watermarked windows, whether the model was ever seen watermarked, and
 * the open alert if any. Small and fixed-size; its encoding is deterministic. Confined to one
 * stream thread.
 */
final class ModelHealth {
    /** Responses counted (with at least {@code health.minTokens} token ids) in the model's life. */
    long responses;
    /** Windows closed, and how many of them were unhealthy. */
    long windows;
    long unhealthyWindows;
    /** True once a window was watermarked: the model is watched from then on. */
    boolean everHealthy;
    /** Open window: responses, pooled scored and green tokens, and its first event time. */
    int windowResponses;
    long windowScored;
    long windowGreen;
    long windowFirstTs;
    /** Baseline green fraction (NaN before the first window that was not off) and the windows averaged into it, capped. */
    double baseline = Double.NaN;
    int baselineWindows;
    /** The open alert (a run of unhealthy windows), or null. */
    String alertId;
    long alertFirstTs;

    /** Folds a window that was not off into the baseline: a running mean, then an average with weight {@code 1 / horizon}. */
    void updateBaseline(double greenFraction, int horizon) {
        baselineWindows = Math.min(baselineWindows + 1, horizon);
        baseline = Double.isNaN(baseline) ? greenFraction : baseline + (greenFraction - baseline) / baselineWindows;
    }

    byte[] toBytes() {
        StateOutput out = new StateOutput(112);
        try {
            out.writeLong(responses);
            out.writeLong(windows);
            out.writeLong(unhealthyWindows);
            out.writeBoolean(everHealthy);
            out.writeInt(windowResponses);
            out.writeLong(windowScored);
            out.writeLong(windowGreen);
            out.writeLong(windowFirstTs);
            out.writeDouble(baseline);
            out.writeInt(baselineWindows);
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
            h.windowScored = in.readLong();
            h.windowGreen = in.readLong();
            h.windowFirstTs = in.readLong();
            h.baseline = in.readDouble();
            h.baselineWindows = in.readInt();
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
