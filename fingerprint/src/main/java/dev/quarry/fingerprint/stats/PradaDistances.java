package dev.quarry.fingerprint.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One client's PRADA bookkeeping apart from the query vectors themselves (Juuti et al. 2019,
 * Algorithm 1, and the authors' released code): the admission threshold of the growing set G and
 * the pool D of minimum distances that {@link PradaTest} tests.
 *
 * <ul>
 *   <li>Admission: a query joins G when its minimum distance to G exceeds the threshold T. T is
 *       {@code mean - std} (population std) of D_G, the distances of the queries admitted so far,
 *       and never decreases: after each admission T becomes {@code max(T, mean(D_G) - std(D_G))}.
 *       The first query of a client seeds G with distance 0 in D_G and T = 0, as in the released
 *       code. D_G is summarised by its count, sum and sum of squares, so it covers every
 *       admission however long the client lives.
 *   <li>Pool: every query's minimum distance joins D, except an exact repeat of a query in G
 *       ({@link PradaTest#isRepeat}), which is only counted. PRADA pools every query, a repeat as
 *       0; on LLM traffic that would put a spike at 0 into the pool of every client who retries
 *       or resends a question, and that spike alone drives W far below delta. A repeat carries no
 *       new input, so leaving it out opens no evasion: an attacker cannot dilute its distances
 *       with repeats. The pool keeps the last {@code capacity} distances, each in 16 bits (units
 *       of 2/65535, for distances between unit vectors, in [0, 2]).
 * </ul>
 *
 * <p>Encoding ({@link #writeTo}): {@code long pooled, long admitted, double sum, double sumSquares,
 * double threshold, long repeats, short count, short next, count chars}: 52 B plus 2 B a distance.
 * Used by {@code QueryDistanceDetector} and the evaluation's PRADA baseline. Not thread-safe.
 */
public final class PradaDistances {
    private static final double UNIT = 2.0 / 65_535;
    private final char[] distances;
    private int count;
    private int next;
    private long pooled;
    private long admitted;
    private double sum;
    private double sumSquares;
    private double threshold;
    private long repeats;

    /** An empty record keeping at most {@code capacity} (3 to 5000) distances. */
    public PradaDistances(int capacity) {
        if (capacity < ShapiroWilk.MIN_N || capacity > ShapiroWilk.MAX_N) {
            throw new IllegalArgumentException("capacity must be in [3, 5000]: " + capacity);
        }
        this.distances = new char[capacity];
    }

    /** Records the client's first query, which seeds G: D_G gets a 0 and T stays 0. */
    public void seed() {
        admitted++;
    }

    /**
     * Records a query's minimum distance to G: pools it, unless it is an exact repeat (then only
     * counted), and says whether the query joins G; if so, D_G and T are updated.
     */
    public boolean record(double d) {
        if (PradaTest.isRepeat(d)) {
            repeats++;
            return false;
        }
        distances[next] = (char) Math.min(65_535, Math.round(d / UNIT));
        next = (next + 1) % distances.length;
        count = Math.min(count + 1, distances.length);
        pooled++;
        if (!(d > threshold)) {
            return false;
        }
        admitted++;
        sum += d;
        sumSquares += d * d;
        double mean = sum / admitted;
        double std = Math.sqrt(Math.max(0.0, sumSquares / admitted - mean * mean));
        threshold = Math.max(threshold, mean - std);
        return true;
    }

    /** PRADA's test of the pooled distances held; empty when it cannot run yet. */
    public Optional<PradaTest.Result> test(int minDistances) {
        return PradaTest.testSorted(sorted(), count, minDistances);
    }

    /** The distances held (the last {@code capacity} pooled), ascending, as stored (16-bit). */
    public double[] sorted() {
        // Sorted as stored, then scaled: scaling by a positive unit keeps the order, and 16-bit
        // values sort faster than doubles (no NaN or signed-zero pass); this runs on every query.
        char[] held = Arrays.copyOf(distances, count);
        Arrays.sort(held);
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = held[i] * UNIT;
        }
        return x;
    }

    /** Distances pooled so far, including those no longer held. */
    public long pooled() {
        return pooled;
    }

    /** Exact repeats seen (not pooled). */
    public long repeats() {
        return repeats;
    }

    /** Distances held, at most the capacity. */
    public int held() {
        return count;
    }

    /** Queries admitted to G so far, the seed included. */
    public long admitted() {
        return admitted;
    }

    /** The admission threshold T; it never decreases. */
    public double threshold() {
        return threshold;
    }

    /** Mean of the distances held. */
    public double mean() {
        double s = 0;
        for (int i = 0; i < count; i++) {
            s += distances[i];
        }
        return count == 0 ? 0 : s / count * UNIT;
    }

    /** Sample standard deviation of the distances held. */
    public double std() {
        if (count < 2) {
            return 0;
        }
        double m = mean() / UNIT;
        double ss = 0;
        for (int i = 0; i < count; i++) {
            ss += (distances[i] - m) * (distances[i] - m);
        }
        return Math.sqrt(ss / (count - 1)) * UNIT;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(pooled);
        out.writeLong(admitted);
        out.writeDouble(sum);
        out.writeDouble(sumSquares);
        out.writeDouble(threshold);
        out.writeLong(repeats);
        out.writeShort(count);
        out.writeShort(next);
        for (int i = 0; i < count; i++) {
            out.writeChar(distances[i]);
        }
    }

    /**
     * Reads what {@link #writeTo} wrote. Of a record written with a larger capacity only the first
     * {@code capacity} stored distances are kept.
     */
    public static PradaDistances read(DataInput in, int capacity) throws IOException {
        PradaDistances p = new PradaDistances(capacity);
        p.pooled = in.readLong();
        p.admitted = in.readLong();
        p.sum = in.readDouble();
        p.sumSquares = in.readDouble();
        p.threshold = in.readDouble();
        p.repeats = in.readLong();
        int count = in.readUnsignedShort();
        int next = in.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            char d = in.readChar();
            if (i < capacity) {
                p.distances[i] = d;
            }
        }
        p.count = Math.min(count, capacity);
        p.next = count <= capacity ? next % capacity : 0;
        return p;
    }
}
