package dev.quarry.detectors.internals;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.cluster.ClusterMessage;

/**
 * What the client step forwards: an alert version for {@code quarry.alerts}, or a message for the
 * cluster side (a link claim keyed by link key, a summary keyed by client). Exactly one is set.
 */
public record ClientOutput(Alert alert, ClusterMessage message) {
    public ClientOutput {
        if ((alert == null) == (message == null)) {
            throw new IllegalArgumentException("exactly one of alert and message");
        }
    }

    static ClientOutput of(Alert a) {
        return new ClientOutput(a, null);
    }

    static ClientOutput of(ClusterMessage m) {
        return new ClientOutput(null, m);
    }
}
