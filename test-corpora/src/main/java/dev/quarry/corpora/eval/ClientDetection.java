package dev.quarry.corpora.eval;

/**
 * When a system first flagged one client. Immutable.
 *
 * @param queriesToDetect events of the client the system had seen when it flagged it (at least 1)
 * @param millisToDetect event time from the client's first event to the flagging event (at least 0)
 */
public record ClientDetection(long queriesToDetect, long millisToDetect) {
    public ClientDetection {
        if (queriesToDetect < 1) {
            throw new IllegalArgumentException("queriesToDetect must be >= 1: " + queriesToDetect);
        }
        if (millisToDetect < 0) {
            throw new IllegalArgumentException("millisToDetect must be >= 0: " + millisToDetect);
        }
    }

    public double secondsToDetect() {
        return millisToDetect / 1000.0;
    }
}
