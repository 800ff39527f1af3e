package dev.quarry.dashboard.runtime;

import dev.quarry.dashboard.KafkaSettings;
import dev.quarry.dashboard.ReplaySettings;
import java.net.URI;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Turns {@link KafkaSettings} into Kafka Streams properties. Stateless and thread-safe. */
public final class StreamsSettings {
    private StreamsSettings() {}

    /**
     * Properties for the detection topology.
     *
     * @param bootstrap the resolved bootstrap servers (the embedded broker's when none is configured)
     * @param applicationId the Kafka Streams application id
     * @param temporary where the state goes when {@code kafka.stateDir} is empty
     */
    public static Properties streamsProperties(KafkaSettings kafka, String bootstrap, String applicationId,
            TemporaryDirectories temporary) {
        return streamsProperties(kafka, bootstrap, applicationId, kafka.stateDir() == null || kafka.stateDir().isBlank()
                ? temporary.create("quarry-streams-").toString() : kafka.stateDir());
    }

    /** Properties for the detection topology with its RocksDB state in {@code stateDir}. */
    public static Properties streamsProperties(KafkaSettings kafka, String bootstrap, String applicationId,
            String stateDir) {
        return properties(kafka, bootstrap, applicationId, stateDir, kafka.processingGuarantee(), kafka.streamThreads(),
                kafka.commitInterval().toMillis());
    }

    /**
     * Properties for a replay's topology: those of {@link #streamsProperties} with the processing
     * guarantee, stream threads, commit interval and producer compression of {@code kafka.replay}
     * ({@link ReplaySettings}). {@code kafka.properties} still apply last.
     */
    public static Properties replayProperties(KafkaSettings kafka, String bootstrap, String applicationId,
            String stateDir) {
        ReplaySettings replay = kafka.replay();
        Properties p = properties(kafka, bootstrap, applicationId, stateDir, replay.processingGuarantee(),
                replay.streamThreads() > 0 ? replay.streamThreads()
                        : Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), kafka.partitions())),
                replay.commitInterval().toMillis());
        String compression = StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG);
        if (!kafka.properties().containsKey(compression)) {
            p.put(compression, replay.compressionType());
        }
        return p;
    }

    private static Properties properties(KafkaSettings kafka, String bootstrap, String applicationId, String stateDir,
            String processingGuarantee, int streamThreads, long commitIntervalMillis) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMillis);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, kafka.cacheMaxBytes());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, kafka.standbyReplicas());
        if (!kafka.advertisedUrl().isEmpty()) {
            URI url = URI.create(kafka.advertisedUrl());
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, url.getHost() + ":" + url.getPort());
        }
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.putAll(kafka.properties());
        return p;
    }
}
