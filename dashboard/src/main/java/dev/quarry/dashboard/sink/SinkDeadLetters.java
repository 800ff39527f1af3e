package dev.quarry.dashboard.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.dashboard.runtime.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The sinks' dead-letter topic: one JSON record per alert version a sink gave up on, and per
 * record of the alerts topic no sink could read, with the sink, the reason, the attempts, the
 * source ({@code topic}, {@code partition}, {@code offset}) and the record's text (cut to
 * {@value #MAX_RECORD_CHARS} characters). Keyed by the sink's name. A write returns once the
 * broker acknowledged it; the runners commit their offset only then, so a dead letter is never
 * lost. Shared by the runners; thread-safe.
 */
public final class SinkDeadLetters implements AutoCloseable {
    static final int MAX_RECORD_CHARS = 65_536;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final String topic;
    private final Clock clock;
    private final KafkaProducer<String, String> producer;

    public SinkDeadLetters(KafkaClients clients, String topic, Clock clock) {
        this.topic = topic;
        this.clock = clock;
        Map<String, Object> p = new HashMap<>(clients.producer());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    public String topic() {
        return topic;
    }

    /**
     * Writes one dead letter and waits for the broker.
     *
     * @param attempts delivery attempts made; 0 for a record that was not read
     * @throws IllegalStateException when the broker did not take it within {@code timeout}
     */
    public void write(String sink, ConsumerRecord<String, byte[]> source, String reason, int attempts, Duration timeout)
            throws InterruptedException {
        ObjectNode letter = MAPPER.createObjectNode();
        letter.put("sink", sink);
        letter.put("reason", reason);
        letter.put("attempts", attempts);
        letter.put("failed_at", clock.millis());
        letter.putObject("source").put("topic", source.topic()).put("partition", source.partition())
                .put("offset", source.offset());
        String text = source.value() == null ? "" : new String(source.value(), StandardCharsets.UTF_8);
        letter.put("record", SlackMessage.cut(text, MAX_RECORD_CHARS));
        try {
            producer.send(new ProducerRecord<>(topic, sink, letter.toString()))
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("dead-letter topic " + topic + " did not take a record: " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
