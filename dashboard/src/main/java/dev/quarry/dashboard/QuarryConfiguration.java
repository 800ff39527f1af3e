package dev.quarry.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.dashboard.auth.AuthSettings;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.fingerprint.reference.ReferenceIndex;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Quarry's one configuration file: server, Kafka, topics, detection thresholds, the alert store
 * and the API tokens. Loaded from YAML with {@code ${ENV}} and {@code ${ENV:-default}}
 * substitution; any key can also be overridden with a {@code -Ddw.<path>=value} system property.
 *
 * <p>Unlike Dropwizard's default, the admin connector (health checks, metrics, tasks, all
 * unauthenticated) listens on {@value #DEFAULT_ADMIN_BIND_HOST} only, unless the file names
 * another {@code bindHost}. A file that lists {@code adminConnectors} replaces this default, so the
 * shipped files state the bind host too.
 */
public class QuarryConfiguration extends Configuration {
    /** Where the admin connector listens when the configuration does not say. */
    public static final String DEFAULT_ADMIN_BIND_HOST = "127.0.0.1";

    public QuarryConfiguration() {
        if (getServerFactory() instanceof DefaultServerFactory server) {
            for (ConnectorFactory connector : server.getAdminConnectors()) {
                if (connector instanceof HttpConnectorFactory http && http.getBindHost() == null) {
                    http.setBindHost(DEFAULT_ADMIN_BIND_HOST);
                }
            }
        }
    }

    @Valid
    @NotNull
    @JsonProperty
    public KafkaSettings kafka = new KafkaSettings();

    @Valid
    @NotNull
    @JsonProperty
    public TopicNames topics = new TopicNames();

    @Valid
    @NotNull
    @JsonProperty
    public DetectionConfig detection = new DetectionConfig();

    @Valid
    @NotNull
    @JsonProperty
    public AlertStoreSettings alertStore = new AlertStoreSettings();

    @Valid
    @NotNull
    @JsonProperty
    public ReferenceSettings reference = new ReferenceSettings();

    @Valid
    @NotNull
    @JsonProperty
    public WatermarkConfig watermark = new WatermarkConfig();

    @Valid
    @NotNull
    @JsonProperty
    public AuthSettings auth = new AuthSettings();

    /** The {@code alertStore:} section. */
    public static class AlertStoreSettings {
        public static final String DEFAULT_DIR = "./data/alerts";

        /**
         * Directory of the Lucene alert index; empty means a fresh temporary directory.
         * Default {@value #DEFAULT_DIR}.
         */
        @NotNull
        @JsonProperty
        public String dir = DEFAULT_DIR;
    }

    /**
     * The {@code reference:} section: public benchmark and instruction sets for
     * {@code benchmark_harvesting}, indexed in memory once at start-up.
     */
    public static class ReferenceSettings {
        public static final String DEFAULT_DIR = "";
        public static final double DEFAULT_MIN_SIMILARITY = ReferenceIndex.DEFAULT_MIN_SIMILARITY;
        public static final int DEFAULT_MIN_WORDS = ReferenceIndex.DEFAULT_MIN_WORDS;

        /**
         * Directory searched recursively for JSONL/JSON/CSV prompt sets; empty means no index.
         * Default {@value #DEFAULT_DIR}.
         */
        @NotNull
        @JsonProperty
        public String dir = DEFAULT_DIR;
        /**
         * Word-bigram Jaccard at which a prompt span confirms a reference item.
         * Default {@value #DEFAULT_MIN_SIMILARITY}.
         */
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax("1")
        @JsonProperty
        public double minSimilarity = DEFAULT_MIN_SIMILARITY;
        /**
         * Items and prompt spans with fewer words are not matched (not distinctive).
         * Default {@value #DEFAULT_MIN_WORDS}.
         */
        @Min(2)
        @JsonProperty
        public int minWords = DEFAULT_MIN_WORDS;

        /** The index of {@link #dir}, or a lookup that matches nothing when it is empty. */
        public ReferenceLookup open() throws IOException {
            if (dir == null || dir.isBlank()) {
                return ReferenceLookup.none();
            }
            Path path = Path.of(dir);
            if (!Files.isDirectory(path)) {
                throw new IOException("reference.dir is not a directory: " + path.toAbsolutePath());
            }
            return ReferenceIndex.load(path, minSimilarity, minWords);
        }
    }
}
