package dev.quarry.corpora.eval;

import dev.quarry.corpora.ClientLabel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns "which clients did a system flag, and when" plus the ground truth into a {@link Scorecard},
 * the way a security team counts: per client, a client flagged once is flagged. Clients without a
 * label are ignored; labelled clients the system never mentions count as not flagged. Stateless.
 */
public final class DetectionMetrics {
    private DetectionMetrics() {
    }

    /**
     * @param labels the ground truth, one row per client
     * @param detections the flagged clients by client id, with when they were flagged
     */
    public static Scorecard score(List<ClientLabel> labels, Map<String, ClientDetection> detections) {
        Map<String, List<ClientLabel>> byArchetype = new LinkedHashMap<>();
        for (ClientLabel l : labels) {
            byArchetype.computeIfAbsent(l.archetype(), k -> new ArrayList<>()).add(l);
        }
        Map<String, ArchetypeScore> archetypes = new LinkedHashMap<>();
        int attackers = 0;
        int benign = 0;
        int tp = 0;
        int fp = 0;
        double rateSum = 0;
        int attackArchetypes = 0;
        List<Double> attackerSeconds = new ArrayList<>();
        for (Map.Entry<String, List<ClientLabel>> e : byArchetype.entrySet()) {
            List<ClientLabel> clients = e.getValue();
            String label = majorityLabel(clients);
            List<Double> queries = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            int flagged = 0;
            for (ClientLabel c : clients) {
                ClientDetection d = detections.get(c.clientId());
                if (c.isAttack()) {
                    attackers++;
                } else {
                    benign++;
                }
                if (d == null) {
                    continue;
                }
                flagged++;
                queries.add((double) d.queriesToDetect());
                seconds.add(d.secondsToDetect());
                if (c.isAttack()) {
                    tp++;
                    attackerSeconds.add(d.secondsToDetect());
                } else {
                    fp++;
                }
            }
            double rate = (double) flagged / clients.size();
            if ("attack".equals(label)) {
                rateSum += rate;
                attackArchetypes++;
            }
            archetypes.put(e.getKey(), new ArchetypeScore(e.getKey(), label, clients.size(), flagged, rate,
                    percentile(queries, 0.5), percentile(queries, 0.9), percentile(seconds, 0.5),
                    percentile(seconds, 0.9)));
        }
        attackerSeconds.sort(null);
        return new Scorecard(attackers, benign, tp, fp, ratio(tp, attackers), ratio(fp, benign), ratio(tp, tp + fp),
                attackArchetypes == 0 ? Double.NaN : rateSum / attackArchetypes, archetypes, attackerSeconds);
    }

    /**
     * The q-quantile with linear interpolation between order statistics (NumPy's default,
     * {@code (n-1) q}); {@code NaN} for no values.
     */
    public static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        double pos = (v.length - 1) * q;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }

    private static double ratio(int num, int den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }

    /** An archetype's label; archetypes are expected to be all-attack or all-benign. */
    private static String majorityLabel(List<ClientLabel> clients) {
        long attacks = clients.stream().filter(ClientLabel::isAttack).count();
        return attacks * 2 >= clients.size() ? "attack" : "benign";
    }
}
