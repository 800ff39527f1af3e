package dev.quarry.corpora.broker;

import dev.quarry.dashboard.spi.EmbeddedBroker;
import dev.quarry.dashboard.spi.EmbeddedBrokerFactory;

/**
 * Gives the application the development kit's {@link EmbeddedKafka}: the broker of
 * {@code demo} and of {@code replay} without a cluster. Found through
 * {@code META-INF/services/dev.quarry.dashboard.spi.EmbeddedBrokerFactory}. Stateless.
 */
public final class EmbeddedKafkaFactory implements EmbeddedBrokerFactory {

    @Override
    public EmbeddedBroker start() {
        return EmbeddedKafka.start();
    }
}
