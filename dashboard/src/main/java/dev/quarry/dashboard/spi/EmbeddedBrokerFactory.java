package dev.quarry.dashboard.spi;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Starts {@link EmbeddedBroker}s. Found with {@link ServiceLoader}: the development kit
 * ({@code test-corpora}) provides one, and the production class path (the dashboard's jar and its
 * runtime dependencies) has none, so that Kafka's broker and test kit never ship with the server.
 * Commands that would need a broker without a configured cluster then stop and say so.
 *
 * <p>Implementations need a public no-argument constructor and a line in
 * {@code META-INF/services/dev.quarry.dashboard.spi.EmbeddedBrokerFactory}.
 */
public interface EmbeddedBrokerFactory {

    /**
     * Starts a single-node broker (with transactions, as exactly-once processing needs) and
     * returns once it accepts clients.
     *
     * @throws IllegalStateException when the broker cannot start
     */
    EmbeddedBroker start();

    /** The first factory on the class path, or empty on the production class path. */
    static Optional<EmbeddedBrokerFactory> installed() {
        return ServiceLoader.load(EmbeddedBrokerFactory.class).findFirst();
    }
}
