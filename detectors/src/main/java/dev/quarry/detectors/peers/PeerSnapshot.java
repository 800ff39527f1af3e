package dev.quarry.detectors.peers;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One shape's peer statistics at an event-time boundary: how many clients it pooled and, per
 * {@link PeerQuantity}, the 101 percentiles (0th to 100th) of their values. Published by the
 * peer-statistics partition to {@code topics.peerStats} keyed by shape, read by every instance as a
 * global store. Immutable.
 *
 * @param shape the shape's wire name
 * @param boundary event time (epoch ms) up to which samples counted
 * @param clients clients pooled
 * @param percentiles per quantity's wire name, 101 values in ascending order
 */
public record PeerSnapshot(
        @JsonProperty("shape") String shape,
        @JsonProperty("boundary") long boundary,
        @JsonProperty("clients") int clients,
        @JsonProperty("percentiles") Map<String, double[]> percentiles) {
    /** Points per quantity: the 0th to the 100th percentile. */
    public static final int POINTS = 101;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public PeerSnapshot {
        Objects.requireNonNull(shape, "shape");
        percentiles = percentiles == null ? Map.of() : Map.copyOf(percentiles);
    }

    /** The quantity's percentile points, or null when the snapshot has none. */
    public double[] points(PeerQuantity q) {
        double[] p = percentiles.get(q.wireName());
        return p == null || p.length != POINTS ? null : p;
    }

    /** Share of peers at or below {@code value} (0-1), by the percentile points; -1 without points. */
    public double percentileOf(PeerQuantity q, double value) {
        double[] p = points(q);
        if (p == null) {
            return -1;
        }
        int at = 0;
        while (at < POINTS && p[at] <= value) {
            at++;
        }
        return at == 0 ? 0 : (at - 1) / 100.0;
    }

    /** The value at a percentile (0-1), or NaN without points. */
    public double valueAt(PeerQuantity q, double percentile) {
        double[] p = points(q);
        return p == null ? Double.NaN : p[(int) Math.round(Math.max(0, Math.min(1, percentile)) * 100)];
    }

    /** The snapshot as JSON bytes. */
    public byte[] toBytes() {
        try {
            return MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON bytes written by {@link #toBytes()}. */
    public static PeerSnapshot fromBytes(byte[] bytes) {
        try {
            return MAPPER.readValue(bytes, PeerSnapshot.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds the percentile map from sorted values per quantity. */
    static Map<String, double[]> percentilesOf(Map<PeerQuantity, double[]> sorted) {
        Map<String, double[]> out = new java.util.TreeMap<>();
        for (Map.Entry<PeerQuantity, double[]> e : new EnumMap<>(sorted).entrySet()) {
            double[] v = e.getValue();
            double[] p = new double[POINTS];
            for (int i = 0; i < POINTS; i++) {
                // Linear interpolation between closest ranks (Hyndman and Fan 1996, type 7, R's default).
                double h = (v.length - 1) * (i / 100.0);
                int lo = (int) Math.floor(h);
                int hi = Math.min(v.length - 1, lo + 1);
                p[i] = v[lo] + (h - lo) * (v[hi] - v[lo]);
            }
            out.put(e.getKey().wireName(), p);
        }
        return out;
    }
}
