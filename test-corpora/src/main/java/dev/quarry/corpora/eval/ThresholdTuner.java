package dev.quarry.corpora.eval;

import dev.quarry.corpora.ClientLabel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Sets a baseline's threshold the fair way: the smallest threshold (on the "higher is more
 * suspicious" scale of {@link ScoreTrace}) whose benign false-positive rate on this corpus is at
 * most a target, normally Quarry's own FPR at {@code medium}. Candidates are the clients' final
 * scores (every distinct way to split them) and +infinity (flag nobody). With a target of 0 this
 * is the smallest score above every benign client's. Stateless.
 */
public final class ThresholdTuner {
    private ThresholdTuner() {
    }

    /**
     * A baseline at its tuned threshold. Immutable.
     *
     * @param suspicionThreshold threshold on the trace scale; +infinity when no threshold met the
     *     target except flagging nobody
     * @param detections the clients flagged at that threshold
     */
    public record Tuned(double suspicionThreshold, double targetFpr, Map<String, ClientDetection> detections) {
    }

    public static Tuned tune(Map<String, ScoreTrace> traces, List<ClientLabel> labels, double targetFpr) {
        TreeSet<Double> candidates = new TreeSet<>();
        int benign = 0;
        for (ClientLabel l : labels) {
            if (!l.isAttack()) {
                benign++;
            }
            ScoreTrace t = traces.get(l.clientId());
            if (t != null && Double.isFinite(t.finalScore())) {
                candidates.add(t.finalScore());
            }
        }
        candidates.add(Double.POSITIVE_INFINITY);
        double chosen = Double.POSITIVE_INFINITY;
        for (double c : candidates) {
            int falsePositives = 0;
            for (ClientLabel l : labels) {
                ScoreTrace t = traces.get(l.clientId());
                if (!l.isAttack() && t != null && t.finalScore() >= c) {
                    falsePositives++;
                }
            }
            double fpr = benign == 0 ? 0.0 : (double) falsePositives / benign;
            if (fpr <= targetFpr + 1e-12) {
                chosen = c;
                break;
            }
        }
        return new Tuned(chosen, targetFpr, detectionsAt(traces, labels, chosen));
    }

    /** The labelled clients whose trace reaches the threshold, with when it did. */
    public static Map<String, ClientDetection> detectionsAt(Map<String, ScoreTrace> traces, List<ClientLabel> labels,
            double threshold) {
        Map<String, ClientDetection> out = new LinkedHashMap<>();
        if (threshold == Double.POSITIVE_INFINITY) {
            return out;
        }
        for (ClientLabel l : labels) {
            ScoreTrace t = traces.get(l.clientId());
            ClientDetection d = t == null ? null : t.detectionAt(threshold);
            if (d != null) {
                out.put(l.clientId(), d);
            }
        }
        return out;
    }
}
