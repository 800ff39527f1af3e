package dev.quarry.dashboard.spi;

/**
 * A Kafka broker running in this process, started by an {@link EmbeddedBrokerFactory}: the
 * broker of {@code demo}, of {@code replay} without a cluster, and of integration tests. It is a
 * development tool; production runs against a cluster named by {@code kafka.bootstrapServers}.
 * Implementations are thread-safe; closing stops the broker and deletes its data.
 */
public interface EmbeddedBroker extends AutoCloseable {

    /** {@code host:port} of the broker's client listener. */
    String bootstrapServers();

    /** Stops the broker and deletes its data; never throws. */
    @Override
    void close();
}
