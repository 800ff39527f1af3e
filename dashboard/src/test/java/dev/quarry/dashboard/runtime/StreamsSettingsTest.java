package dev.quarry.dashboard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.dashboard.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    private static KafkaSettings kafka() {
        return new KafkaSettings().processingGuarantee(StreamsConfig.EXACTLY_ONCE_V2).streamThreads(3)
                .commitInterval(Duration.ofSeconds(1)).partitions(4);
    }

    @Test
    void theLiveTopologyKeepsTheKafkaSettings() {
        Properties p = StreamsSettings.streamsProperties(kafka(), "localhost:9092", "app", "/tmp/state");
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(3, p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
        assertEquals(1_000L, p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    }

    @Test
    void aReplayTakesTheReplaySettingsInsteadByDefault() {
        Properties p = StreamsSettings.replayProperties(kafka(), "localhost:9092", "app", "/tmp/state");
        assertEquals(StreamsConfig.AT_LEAST_ONCE, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(300_000L, p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals(Math.min(4, Runtime.getRuntime().availableProcessors()), p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG),
                "one thread per processor, at most one per partition");
        assertEquals("app", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
    }

    @Test
    void aReplayTakesTheThreadsItIsGivenAndKafkaPropertiesStillApplyLast() {
        KafkaSettings kafka = kafka().properties(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "5000"));
        kafka.replay().streamThreads(2).processingGuarantee(StreamsConfig.EXACTLY_ONCE_V2);
        Properties p = StreamsSettings.replayProperties(kafka, "localhost:9092", "app", "/tmp/state");
        assertEquals(2, p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("5000", p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    }

    @Test
    void aReplayWritesUncompressedByDefaultAndTheLiveTopologyWithLz4() {
        String key = StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG);
        assertEquals("none", StreamsSettings.replayProperties(kafka(), "localhost:9092", "app", "/tmp/state").get(key));
        assertEquals("lz4", StreamsSettings.streamsProperties(kafka(), "localhost:9092", "app", "/tmp/state").get(key));
        KafkaSettings zstd = kafka();
        zstd.replay().compressionType("zstd");
        assertEquals("zstd", StreamsSettings.replayProperties(zstd, "localhost:9092", "app", "/tmp/state").get(key));
        KafkaSettings given = kafka().properties(Map.of(key, "gzip"));
        assertEquals("gzip", StreamsSettings.replayProperties(given, "localhost:9092", "app", "/tmp/state").get(key),
                "kafka.properties still apply last");
    }
}
