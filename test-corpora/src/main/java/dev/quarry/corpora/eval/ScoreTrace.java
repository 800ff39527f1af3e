package dev.quarry.corpora.eval;

import java.util.Arrays;

/**
 * One client's suspicion as a baseline saw it, one entry per query, with the query's event time,
 * under the baseline's {@link Baseline.Verdict}:
 * <ul>
 *   <li>{@code HIGHEST}: the running maximum of the scores. The trace never decreases, so "flagged
 *       at threshold t" is "final value >= t", and the query that crossed it is found by binary
 *       search.
 *   <li>{@code LAST}: the latest score (a {@code NaN} keeps the one before). "Flagged at t" is
 *       "the score at the end of the corpus >= t", and the client counts as detected from the
 *       first query of the final run of scores at or above t: the verdict it holds at the end.
 * </ul>
 * Not thread-safe while being appended to.
 */
public final class ScoreTrace {
    private final Baseline.Verdict verdict;
    private double[] suspicion = new double[8];
    private long[] ts = new long[8];
    private int size;
    private double current = Double.NEGATIVE_INFINITY;

    /** A trace of the running maximum ({@link Baseline.Verdict#HIGHEST}). */
    public ScoreTrace() {
        this(Baseline.Verdict.HIGHEST);
    }

    public ScoreTrace(Baseline.Verdict verdict) {
        this.verdict = verdict;
    }

    /**
     * Records the client's next query.
     *
     * @param score the baseline's current score, higher = more suspicious; {@code NaN} when the
     *     baseline cannot score yet (e.g. too few queries)
     */
    public void append(long tsMillis, double score) {
        if (size == ts.length) {
            ts = Arrays.copyOf(ts, size * 2);
            suspicion = Arrays.copyOf(suspicion, size * 2);
        }
        if (!Double.isNaN(score) && (verdict == Baseline.Verdict.LAST || score > current)) {
            current = score;
        }
        ts[size] = tsMillis;
        suspicion[size] = current;
        size++;
    }

    public int queries() {
        return size;
    }

    /**
     * The score the client is judged by: the highest reached ({@code HIGHEST}) or the last
     * ({@code LAST}); negative infinity when the baseline never scored the client.
     */
    public double finalScore() {
        return current;
    }

    /** When the trace reached {@code threshold} for good (see the class comment), or null when it did not. */
    public ClientDetection detectionAt(double threshold) {
        if (size == 0 || !(current >= threshold)) {
            return null;
        }
        int at;
        if (verdict == Baseline.Verdict.LAST) {
            at = size - 1;
            while (at > 0 && suspicion[at - 1] >= threshold) {
                at--;
            }
        } else {
            int lo = 0;
            int hi = size - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (suspicion[mid] >= threshold) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            at = lo;
        }
        return new ClientDetection(at + 1, ts[at] - ts[0]);
    }
}
