package dev.quarry.detectors.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON wire form of {@link Alert}: what {@code quarry.alerts}, the alerts JSONL of a replay
 * and the HTTP API carry. Severity is written in lower case. Thread-safe.
 */
public final class AlertJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false)
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                    .addSerializer(Severity.class, new com.fasterxml.jackson.databind.ser.std.StdSerializer<>(Severity.class) {
                        @Override
                        public void serialize(Severity s, com.fasterxml.jackson.core.JsonGenerator g,
                                com.fasterxml.jackson.databind.SerializerProvider p) throws IOException {
                            g.writeString(s.wireName());
                        }
                    })
                    .addDeserializer(Severity.class, new com.fasterxml.jackson.databind.deser.std.StdDeserializer<>(Severity.class) {
                        @Override
                        public Severity deserialize(com.fasterxml.jackson.core.JsonParser p,
                                com.fasterxml.jackson.databind.DeserializationContext c) throws IOException {
                            return Severity.fromWireName(p.getValueAsString());
                        }
                    }));

    private AlertJson() {}

    /** The mapper configured for alerts; shared, do not reconfigure. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String toJson(Alert alert) {
        try {
            return MAPPER.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toBytes(Alert alert) {
        return toJson(alert).getBytes(StandardCharsets.UTF_8);
    }

    public static Alert fromJson(String json) {
        try {
            return MAPPER.readValue(json, Alert.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Alert fromBytes(byte[] json) {
        return fromJson(new String(json, StandardCharsets.UTF_8));
    }
}
