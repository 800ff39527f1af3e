package dev.quarry.dashboard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.quarry.dashboard.KafkaSettings;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    private static KafkaClients secured() {
        KafkaSettings kafka = new KafkaSettings();
        kafka.properties().put("security.protocol", "SASL_SSL");
        kafka.properties().put("sasl.mechanism", "SCRAM-SHA-512");
        kafka.properties().put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"quarry\" password=\"not-logged\";");
        kafka.properties().put("ssl.truststore.location", "/etc/quarry/truststore.p12");
        kafka.properties().put("num.standby.replicas", "1");
        kafka.properties().put("max.poll.records", "200");
        kafka.properties().put("linger.ms", "5");
        return KafkaClients.of("broker-1:9093,broker-2:9093", kafka);
    }

    @Test
    void everyClientGetsTheConnectionSettings() {
        KafkaClients clients = secured();
        for (Map<String, Object> config : java.util.List.of(clients.admin(), clients.consumer(), clients.producer())) {
            assertEquals("SASL_SSL", config.get("security.protocol"));
            assertEquals("SCRAM-SHA-512", config.get("sasl.mechanism"));
            assertEquals("/etc/quarry/truststore.p12", config.get("ssl.truststore.location"));
            assertEquals("broker-1:9093,broker-2:9093", config.get("bootstrap.servers"));
            assertFalse(config.containsKey("num.standby.replicas"), "a Streams-only setting stays with Streams");
        }
    }

    @Test
    void eachClientGetsOnlyWhatItsOwnConfigurationDefines() {
        KafkaClients clients = secured();
        assertEquals("200", clients.consumer().get("max.poll.records"));
        assertFalse(clients.producer().containsKey("max.poll.records"));
        assertFalse(clients.admin().containsKey("max.poll.records"));
        assertEquals("5", clients.producer().get("linger.ms"));
        assertFalse(clients.consumer().containsKey("linger.ms"));
    }

    @Test
    void realClientsAcceptTheSettings() {
        // Plaintext settings a client can be built with without a broker: construction validates every key and value.
        KafkaSettings kafka = new KafkaSettings();
        kafka.properties().put("client.dns.lookup", "use_all_dns_ips");
        kafka.properties().put("num.standby.replicas", "1");
        KafkaClients clients = KafkaClients.of("localhost:1", kafka);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(clients.consumer(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            assertEquals(0, c.assignment().size());
        }
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(clients.producer(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            assertFalse(p.metrics().isEmpty());
        }
    }
}
