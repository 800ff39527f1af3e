package dev.quarry.fingerprint.watermark;

import java.util.List;

/**
 * Scores many token sequences in one call, so that a scorer with a per-call cost (a GPU kernel
 * launch, a host-to-device copy) pays it once per batch instead of once per sequence. The
 * streaming watermark health check buffers responses and hands them over in micro-batches of
 * {@code watermark.batchSize}.
 *
 * <p>Contract: the result has one score per input sequence, in input order, and each score is
 * exactly what {@link WatermarkScheme#score} of the same scheme gives for that sequence alone
 * (a batch scorer may not pool sequences). That is what lets a plain-Java and a tensor scorer be
 * swapped without changing any alert. Implementations are thread-safe, hold the scheme's key and
 * must never log it.
 */
public interface WatermarkBatchScorer {

    /**
     * @param sequences token id sequences; not modified
     * @param ignoreRepeatedBigrams score each distinct {@code (previous, token)} pair of a sequence once
     * @return one score per sequence, in order
     */
    List<WatermarkScore> score(List<int[]> sequences, boolean ignoreRepeatedBigrams);

    /** Stable name for logs and metrics, e.g. {@code java}; never the key. */
    String name();

    /** The plain-Java scorer: {@link WatermarkScheme#score} on each sequence in turn. */
    static WatermarkBatchScorer sequential(WatermarkScheme scheme) {
        return new SequentialBatchScorer(scheme);
    }
}
