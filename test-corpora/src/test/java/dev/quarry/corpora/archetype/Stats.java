package dev.quarry.corpora.archetype;

/** Small statistics for the cadence tests. */
final class Stats {
    private Stats() {}

    static double coefficientOfVariation(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        return Math.sqrt(var / values.length) / mean;
    }

    static double[] gaps(java.util.List<dev.quarry.ingest.InferenceEvent> events) {
        double[] gaps = new double[events.size() - 1];
        for (int i = 1; i < events.size(); i++) {
            gaps[i - 1] = events.get(i).tsMillis() - events.get(i - 1).tsMillis();
        }
        return gaps;
    }
}
