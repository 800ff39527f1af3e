package dev.quarry.fingerprint.watermark;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The plain-Java {@link WatermarkBatchScorer}: scores each sequence with the scheme, one after
 * the other. On a CPU this is the fast path (the green-list test is a few multiplications per
 * token, cheaper than building a tensor). Immutable and thread-safe.
 */
final class SequentialBatchScorer implements WatermarkBatchScorer {
    private final WatermarkScheme scheme;

    SequentialBatchScorer(WatermarkScheme scheme) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
    }

    @Override
    public List<WatermarkScore> score(List<int[]> sequences, boolean ignoreRepeatedBigrams) {
        List<WatermarkScore> out = new ArrayList<>(sequences.size());
        for (int[] s : sequences) {
            out.add(scheme.score(s, ignoreRepeatedBigrams));
        }
        return out;
    }

    @Override
    public String name() {
        return "java";
    }
}
