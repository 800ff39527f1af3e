package dev.quarry.corpora.eval;

import dev.quarry.ingest.InferenceEvent;

/**
 * A detector from the literature, run offline on the corpus to put Quarry's figures in context.
 * It sees each client's events in event-time order and scores the client after each one. Not
 * thread-safe: one instance per evaluation, fed from one thread.
 */
public interface Baseline {

    /** Which of a client's scores it is judged by; see {@link ScoreTrace}. */
    enum Verdict {
        /** The highest score the client reached at any query. */
        HIGHEST,
        /** The client's score at the end of the corpus. */
        LAST
    }

    /** Short name used as the key in the report, e.g. {@code prada}. */
    String name();

    /** One line: what the score is and which paper it follows. */
    String description();

    /**
     * Whether a larger value of the baseline's own statistic is more suspicious. {@link #score}
     * always returns "higher is more suspicious" (a statistic where lower is suspicious is
     * negated); {@link #toRaw} maps scores back to the statistic for the report.
     */
    default boolean higherIsSuspicious() {
        return true;
    }

    /** Converts a trace value back to the baseline's own units (identity unless scores were negated). */
    default double toRaw(double suspicion) {
        return higherIsSuspicious() ? suspicion : -suspicion;
    }

    /** Which of a client's scores flags it; {@link Verdict#HIGHEST} unless the baseline says otherwise. */
    default Verdict verdict() {
        return Verdict.HIGHEST;
    }

    /**
     * Scores the client after this event, in "higher is more suspicious" units, or {@code NaN}
     * when the baseline cannot tell yet.
     */
    double score(InferenceEvent event);
}
