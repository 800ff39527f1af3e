package dev.quarry.dashboard.sink;

import dev.quarry.detectors.alert.Alert;

/**
 * One destination of alert versions. {@link #deliver} is one attempt; {@link SinkRunner} decides
 * which versions to deliver, retries, and gives up. Called from one thread (the sink's runner);
 * {@link #close} after the last call.
 */
public interface AlertSink extends AutoCloseable {

    /**
     * Delivers one alert version, once. A repeat of the same version (after a retry or a restart)
     * must be recognisable by the receiver as the same: each sink carries {@code alert_id} and
     * {@code version} in a key of its payload or headers.
     *
     * @throws DeliveryException when this attempt failed
     * @throws InterruptedException when the runner is stopping
     */
    void deliver(Alert alert) throws DeliveryException, InterruptedException;

    @Override
    default void close() {}

    /** {@code alert_id:version}, the idempotency key of one alert version. */
    static String idempotencyKey(Alert alert) {
        return alert.alertId() + ":" + alert.version();
    }
}
