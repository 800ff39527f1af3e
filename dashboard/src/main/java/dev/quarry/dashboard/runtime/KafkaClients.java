package dev.quarry.dashboard.runtime;

import dev.quarry.dashboard.KafkaSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How every Kafka client of the service connects: the bootstrap servers plus the pass-through
 * {@code kafka.properties} (TLS, SASL and other connection settings), so that the admin client,
 * the alert-service consumer, the health check and replay's producer and reader reach a secured
 * cluster as Kafka Streams does. Each client gets only the properties its own configuration
 * defines (Kafka Streams-only settings such as {@code num.standby.replicas} stay with Streams),
 * and the settings a caller puts after these win. Immutable.
 *
 * @param bootstrapServers {@code host:port,...}
 * @param properties {@code kafka.properties}, as configured
 */
public record KafkaClients(String bootstrapServers, Map<String, String> properties) {

    public KafkaClients {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        properties = Map.copyOf(properties);
    }

    /** A plaintext cluster (the embedded broker, tests). */
    public static KafkaClients of(String bootstrapServers) {
        return new KafkaClients(bootstrapServers, Map.of());
    }

    /** The cluster at {@code bootstrapServers} with the connection settings of {@code kafka}. */
    public static KafkaClients of(String bootstrapServers, KafkaSettings kafka) {
        return new KafkaClients(bootstrapServers, kafka.properties());
    }

    /** Settings for an admin client. */
    public Map<String, Object> admin() {
        return config(AdminClientConfig.configNames(), AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** Settings for a consumer. */
    public Map<String, Object> consumer() {
        return config(ConsumerConfig.configNames(), ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** Settings for a producer. */
    public Map<String, Object> producer() {
        return config(ProducerConfig.configNames(), ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    private Map<String, Object> config(Set<String> known, String bootstrapKey) {
        Map<String, Object> out = new HashMap<>();
        properties.forEach((k, v) -> {
            if (known.contains(k)) {
                out.put(k, v);
            }
        });
        out.put(bootstrapKey, bootstrapServers);
        return out;
    }
}
