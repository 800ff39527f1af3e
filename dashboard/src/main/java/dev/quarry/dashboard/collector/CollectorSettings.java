package dev.quarry.dashboard.collector;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The {@code collector:} section: the HTTP collector that takes gateways' logs on its own port
 * ({@code POST /v1/traces} for OTLP/HTTP, {@code POST /ingest/{format}} for NDJSON batches), for
 * {@code ingest} tokens only, and publishes the events it accepts to the events topic. Its keys
 * have the shape of {@link dev.quarry.detectors.config}: private fields read and set through the
 * methods of their names. Mutable bean bound from YAML and validated when loaded.
 */
public class CollectorSettings {
    public static final boolean DEFAULT_ENABLED = true;
    /** The OTLP/HTTP port of the OpenTelemetry specification, so exporters' defaults reach it. */
    public static final int DEFAULT_PORT = 4318;
    public static final String DEFAULT_BIND_HOST = "127.0.0.1";
    public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.mebibytes(8);
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 8;
    public static final int DEFAULT_MAX_PENDING_RECORDS = 50_000;
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    /** Whether the server runs the collector. Default {@code true}. */
    @JsonProperty
    private boolean enabled = DEFAULT_ENABLED;

    /** Its TCP port, apart from the application's and the admin's. Default 4318 (OTLP/HTTP's). */
    @Min(0)
    @Max(65535)
    @JsonProperty
    private int port = DEFAULT_PORT;

    /**
     * The interface it listens on. Default {@code 127.0.0.1}; {@code 0.0.0.0} for gateways on
     * other machines (every request still needs an {@code ingest} token).
     */
    @NotNull
    @JsonProperty
    private String bindHost = DEFAULT_BIND_HOST;

    /**
     * The largest request body, compressed and after decompression: larger ones get 413. Default
     * 8 MiB, well above an OTLP exporter's default batch (512 spans) of chat-sized messages.
     */
    @NotNull
    @MinDataSize(value = 1, unit = io.dropwizard.util.DataSizeUnit.KIBIBYTES)
    @MaxDataSize(value = 256, unit = io.dropwizard.util.DataSizeUnit.MEBIBYTES)
    @JsonProperty
    private DataSize maxBodySize = DEFAULT_MAX_BODY_SIZE;

    /** Requests handled at once; one more gets 429 with {@code Retry-After}. Default 8. */
    @Min(1)
    @Max(1024)
    @JsonProperty
    private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;

    /**
     * Records handed to Kafka and not yet acknowledged, over all requests; while more are pending,
     * new requests get 429 (back-pressure when the cluster is slow). Default 50,000.
     */
    @Min(1)
    @JsonProperty
    private int maxPendingRecords = DEFAULT_MAX_PENDING_RECORDS;

    /**
     * How long a request waits for Kafka to acknowledge its records; then it gets 503 and the
     * sender retries (records already written are deduplicated by event id). Default {@code PT30S}.
     */
    @NotNull
    @DurationMin(seconds = 1)
    @DurationMax(minutes = 10)
    @JsonProperty
    private Duration publishTimeout = DEFAULT_PUBLISH_TIMEOUT;

    /** The {@code Retry-After} of a 429 or 503. Default {@code PT1S}. */
    @NotNull
    @DurationMin(seconds = 1)
    @DurationMax(hours = 1)
    @JsonProperty
    private Duration retryAfter = DEFAULT_RETRY_AFTER;

    public boolean enabled() {
        return enabled;
    }

    public CollectorSettings enabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    public int port() {
        return port;
    }

    public CollectorSettings port(int port) {
        this.port = port;
        return this;
    }

    public String bindHost() {
        return bindHost;
    }

    public CollectorSettings bindHost(String bindHost) {
        this.bindHost = bindHost;
        return this;
    }

    public DataSize maxBodySize() {
        return maxBodySize;
    }

    public CollectorSettings maxBodySize(DataSize maxBodySize) {
        this.maxBodySize = maxBodySize;
        return this;
    }

    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    public CollectorSettings maxConcurrentRequests(int maxConcurrentRequests) {
        this.maxConcurrentRequests = maxConcurrentRequests;
        return this;
    }

    public int maxPendingRecords() {
        return maxPendingRecords;
    }

    public CollectorSettings maxPendingRecords(int maxPendingRecords) {
        this.maxPendingRecords = maxPendingRecords;
        return this;
    }

    public Duration publishTimeout() {
        return publishTimeout;
    }

    public CollectorSettings publishTimeout(Duration publishTimeout) {
        this.publishTimeout = publishTimeout;
        return this;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public CollectorSettings retryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
        return this;
    }
}
