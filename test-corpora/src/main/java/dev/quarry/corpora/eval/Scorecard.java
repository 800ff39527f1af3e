package dev.quarry.corpora.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well one system (Quarry at one severity, or a tuned baseline) separated attackers from
 * benign clients on one corpus, counted per client. Immutable.
 *
 * @param tpr flagged attackers / attackers ({@code NaN} without attackers)
 * @param fpr flagged benign clients / benign clients ({@code NaN} without benign clients)
 * @param precision flagged attackers / flagged clients ({@code NaN} when nothing was flagged)
 * @param macroTpr mean of the attack archetypes' detection rates: each attack family weighs the
 *     same however many clients it has
 * @param archetypes per archetype, in the order of first appearance in the labels
 * @param attackerSecondsToDetect time to detection of every flagged attacker, ascending (for a CDF)
 */
public record Scorecard(int attackers, int benign, int truePositives, int falsePositives, double tpr, double fpr,
        double precision, double macroTpr, Map<String, ArchetypeScore> archetypes,
        List<Double> attackerSecondsToDetect) {

    public Scorecard {
        archetypes = Collections.unmodifiableMap(new LinkedHashMap<>(archetypes));
        attackerSecondsToDetect = List.copyOf(attackerSecondsToDetect);
    }
}
