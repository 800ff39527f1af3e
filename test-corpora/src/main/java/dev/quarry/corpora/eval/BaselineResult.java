package dev.quarry.corpora.eval;

import dev.quarry.corpora.ClientLabel;
import java.util.List;
import java.util.Map;

/**
 * A baseline's figures at its tuned threshold. Immutable.
 *
 * @param threshold the tuned threshold in the baseline's own units; infinite when only flagging
 *     nobody met the target FPR
 * @param comparison how the threshold applies: {@code >=} or {@code <=}
 * @param targetFpr the benign FPR it was tuned to (Quarry's at medium)
 */
public record BaselineResult(String name, String description, double threshold, String comparison, double targetFpr,
        Scorecard scorecard) {

    /** Tunes a baseline's traces and scores the result. */
    public static BaselineResult of(Baseline b, Map<String, ScoreTrace> traces, List<ClientLabel> labels,
            double targetFpr) {
        ThresholdTuner.Tuned tuned = ThresholdTuner.tune(traces, labels, targetFpr);
        double raw = Double.isInfinite(tuned.suspicionThreshold())
                ? (b.higherIsSuspicious() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY)
                : b.toRaw(tuned.suspicionThreshold());
        return new BaselineResult(b.name(), b.description(), raw, b.higherIsSuspicious() ? ">=" : "<=", targetFpr,
                DetectionMetrics.score(labels, tuned.detections()));
    }
}
