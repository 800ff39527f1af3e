package dev.quarry.corpora.eval;

/**
 * One system's figures for one archetype. Immutable. Medians and p90s are over the flagged
 * clients of the archetype and are {@code NaN} when none was flagged.
 *
 * @param archetype the archetype's name as in {@code labels.csv}
 * @param label {@code attack} or {@code benign}
 * @param rate flagged / clients: the detection rate of an attack archetype, the false-positive
 *     rate of a benign one
 */
public record ArchetypeScore(String archetype, String label, int clients, int flagged, double rate,
        double medianQueriesToDetect, double p90QueriesToDetect, double medianSecondsToDetect,
        double p90SecondsToDetect) {

    public boolean isAttack() {
        return "attack".equals(label);
    }
}
