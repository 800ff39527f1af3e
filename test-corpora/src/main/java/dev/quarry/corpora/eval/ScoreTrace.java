package dev.quarry.corpora.eval;

import java.util.Arrays;

/**
 * One client's suspicion as a baseline saw it grow, one entry per query: the running maximum of
 * the baseline's score after each of the client's queries, with the query's event time. Because
 * the trace never decreases, "flagged at threshold t" is "final value >= t", and the query that
 * crossed it is found by binary search. Not thread-safe while being appended to.
 */
public final class ScoreTrace {
    private double[] suspicion = new double[8];
    private long[] ts = new long[8];
    private int size;
    private double max = Double.NEGATIVE_INFINITY;

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
        if (!Double.isNaN(score) && score > max) {
            max = score;
        }
        ts[size] = tsMillis;
        suspicion[size] = max;
        size++;
    }

    public int queries() {
        return size;
    }

    /** The highest score reached, or negative infinity when the baseline never scored the client. */
    public double finalScore() {
        return max;
    }

    /** When the trace first reached {@code threshold}, or null when it never did. */
    public ClientDetection detectionAt(double threshold) {
        if (size == 0 || !(max >= threshold)) {
            return null;
        }
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
        return new ClientDetection(lo + 1, ts[lo] - ts[0]);
    }
}
