package dev.quarry.detectors.state;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde for {@link ClientProfile} (state store values and their changelog). Thread-safe. */
public final class ClientProfileSerde implements Serde<ClientProfile> {
    @Override
    public Serializer<ClientProfile> serializer() {
        return (topic, profile) -> profile == null ? null : profile.encode();
    }

    @Override
    public Deserializer<ClientProfile> deserializer() {
        return (topic, bytes) -> bytes == null ? null : ClientProfile.decode(bytes);
    }
}
