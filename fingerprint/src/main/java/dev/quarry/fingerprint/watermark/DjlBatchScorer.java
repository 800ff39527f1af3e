package dev.quarry.fingerprint.watermark;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link WatermarkBatchScorer} of the stream on DJL: micro-batches go to one
 * {@link DjlGreenListScorer} (GPU when the engine reports one, else CPU), one batch at a time,
 * since a device scorer is not thread-safe and a GPU runs one batch after another anyway. A
 * sequence with a negative token id (the contract does not forbid one, tokenizers never make one)
 * is scored by the plain-Java scheme instead, so the stream never fails on it and every score is
 * still exactly the scheme's. Thread-safe; close it to free the device memory.
 */
public final class DjlBatchScorer implements WatermarkBatchScorer, AutoCloseable {
    private final GreenListScheme scheme;
    private final DjlGreenListScorer device;

    /** @throws ai.djl.engine.EngineException when DJL's PyTorch engine cannot load */
    public DjlBatchScorer(GreenListScheme scheme) {
        this.scheme = scheme;
        this.device = new DjlGreenListScorer(scheme);
    }

    @Override
    public synchronized List<WatermarkScore> score(List<int[]> sequences, boolean ignoreRepeatedBigrams) {
        List<int[]> onDevice = new ArrayList<>(sequences.size());
        for (int[] s : sequences) {
            if (!hasNegative(s)) {
                onDevice.add(s);
            }
        }
        List<WatermarkScore> deviceScores = onDevice.isEmpty() ? List.of()
                : device.scoreBatch(onDevice, ignoreRepeatedBigrams);
        List<WatermarkScore> out = new ArrayList<>(sequences.size());
        int next = 0;
        for (int[] s : sequences) {
            out.add(hasNegative(s) ? scheme.score(s, ignoreRepeatedBigrams) : deviceScores.get(next++));
        }
        return out;
    }

    private static boolean hasNegative(int[] tokens) {
        for (int t : tokens) {
            if (t < 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String name() {
        return "djl-" + device.device();
    }

    @Override
    public synchronized void close() {
        device.close();
    }
}
