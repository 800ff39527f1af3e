package dev.quarry.detectors.internals;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.cluster.ClusterMessage;
import dev.quarry.detectors.watermark.ResponseTokens;
import java.util.Objects;

/**
 * What the client step forwards: an alert version for {@code quarry.alerts}, a message for the
 * cross-client side (a link claim keyed by link key, a summary keyed by client, an item claim
 * keyed by reference set), or a deduplicated response's token ids for the watermark health
 * monitor (keyed by model).
 */
public sealed interface ClientOutput permits ClientOutput.AlertVersion, ClientOutput.Message, ClientOutput.Tokens {

    /** An alert version for {@code quarry.alerts}. */
    record AlertVersion(Alert alert) implements ClientOutput {
        public AlertVersion {
            Objects.requireNonNull(alert, "alert");
        }
    }

    /** A message for the cluster or dataset-split side. */
    record Message(ClusterMessage message) implements ClientOutput {
        public Message {
            Objects.requireNonNull(message, "message");
        }
    }

    /** A response's token ids for the watermark health monitor. */
    record Tokens(ResponseTokens response) implements ClientOutput {
        public Tokens {
            Objects.requireNonNull(response, "response");
        }
    }

    static ClientOutput of(Alert a) {
        return new AlertVersion(a);
    }

    static ClientOutput of(ClusterMessage m) {
        return new Message(m);
    }

    static ClientOutput of(ResponseTokens r) {
        return new Tokens(r);
    }
}
