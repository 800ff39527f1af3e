package dev.quarry.detectors.internals;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.cluster.ClusterMessage;
import dev.quarry.detectors.watermark.ResponseTokens;

/**
 * What the client step forwards: an alert version for {@code quarry.alerts}, a message for the
 * cluster side (a link claim keyed by link key, a summary keyed by client), or a deduplicated
 * response's token ids for the watermark health monitor (keyed by model). Exactly one is set.
 */
public record ClientOutput(Alert alert, ClusterMessage message, ResponseTokens response) {
    public ClientOutput {
        int set = (alert == null ? 0 : 1) + (message == null ? 0 : 1) + (response == null ? 0 : 1);
        if (set != 1) {
            throw new IllegalArgumentException("exactly one of alert, message and response");
        }
    }

    static ClientOutput of(Alert a) {
        return new ClientOutput(a, null, null);
    }

    static ClientOutput of(ClusterMessage m) {
        return new ClientOutput(null, m, null);
    }

    static ClientOutput of(ResponseTokens r) {
        return new ClientOutput(null, null, r);
    }
}
