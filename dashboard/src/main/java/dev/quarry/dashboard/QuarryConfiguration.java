package dev.quarry.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.dashboard.auth.AuthSettings;
import dev.quarry.dashboard.collector.CollectorSettings;
import dev.quarry.dashboard.sink.SinksSettings;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.PrivacyConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.fingerprint.reference.ReferenceIndex;
import dev.quarry.fingerprint.reference.ReferenceIndexCache;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.RecordFormats;
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
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Quarry's one configuration file: server, Kafka, topics, detection thresholds, the alert store,
 * the API tokens, the log formats, the collector, the alert sinks, privacy and the Prometheus
 * endpoint. Loaded from YAML with {@code ${ENV}} and {@code ${ENV:-default}} substitution; any key can also be overridden with a {@code -Ddw.<path>=value} system property.
 *
 * <p>Unlike Dropwizard's default, the admin connector (health checks, metrics, tasks, all
 * unauthenticated) listens on {@value #DEFAULT_ADMIN_BIND_HOST} only, unless the file names
 * another {@code bindHost}. A file that lists {@code adminConnectors} replaces this default, so the
 * shipped files state the bind host too.
 *
 * <p>Quarry's own keys and sections have the shape of {@link dev.quarry.detectors.config}: each key
 * a private {@code @JsonProperty} field with its default and constraints, read through the accessor
 * of its name ({@code kafka()}) and set through the fluent setter of that name. The keys inherited
 * from {@link Configuration} ({@code server}, {@code logging}, {@code metrics}, ...) keep
 * Dropwizard's getters and setters. Mutable while bound and validated, read-only afterwards; not
 * thread-safe.
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
    private KafkaSettings kafka = new KafkaSettings();

    @Valid
    @NotNull
    @JsonProperty
    private TopicNames topics = new TopicNames();

    @Valid
    @NotNull
    @JsonProperty
    private DetectionConfig detection = new DetectionConfig();

    @Valid
    @NotNull
    @JsonProperty
    private AlertStoreSettings alertStore = new AlertStoreSettings();

    @Valid
    @NotNull
    @JsonProperty
    private ReferenceSettings reference = new ReferenceSettings();

    @Valid
    @NotNull
    @JsonProperty
    private WatermarkConfig watermark = new WatermarkConfig();

    @Valid
    @NotNull
    @JsonProperty
    private AuthSettings auth = new AuthSettings();

    @Valid
    @NotNull
    @JsonProperty
    private IngestSettings ingest = new IngestSettings();

    @Valid
    @NotNull
    @JsonProperty
    private PrivacyConfig privacy = new PrivacyConfig();

    @Valid
    @NotNull
    @JsonProperty
    private CollectorSettings collector = new CollectorSettings();

    @Valid
    @NotNull
    @JsonProperty
    private SinksSettings sinks = new SinksSettings();

    @Valid
    @NotNull
    @JsonProperty
    private PrometheusSettings prometheus = new PrometheusSettings();

    public KafkaSettings kafka() {
        return kafka;
    }

    public QuarryConfiguration kafka(KafkaSettings kafka) {
        this.kafka = kafka;
        return this;
    }

    public TopicNames topics() {
        return topics;
    }

    public QuarryConfiguration topics(TopicNames topics) {
        this.topics = topics;
        return this;
    }

    public DetectionConfig detection() {
        return detection;
    }

    public QuarryConfiguration detection(DetectionConfig detection) {
        this.detection = detection;
        return this;
    }

    public AlertStoreSettings alertStore() {
        return alertStore;
    }

    public QuarryConfiguration alertStore(AlertStoreSettings alertStore) {
        this.alertStore = alertStore;
        return this;
    }

    public ReferenceSettings reference() {
        return reference;
    }

    public QuarryConfiguration reference(ReferenceSettings reference) {
        this.reference = reference;
        return this;
    }

    public WatermarkConfig watermark() {
        return watermark;
    }

    public QuarryConfiguration watermark(WatermarkConfig watermark) {
        this.watermark = watermark;
        return this;
    }

    public AuthSettings auth() {
        return auth;
    }

    public QuarryConfiguration auth(AuthSettings auth) {
        this.auth = auth;
        return this;
    }

    /**
     * The input topics of the topology and their formats, from {@code kafka.inputs} and {@code
     * ingest.formats}; empty when {@code kafka.inputs} is (the events topic in the contract format).
     */
    public List<QuarryTopology.FormatInput> formatInputs() {
        RecordFormats formats = ingest.recordFormats(new EventParser(detection.deadLetterRawChars()));
        return kafka.inputs().stream()
                .map(i -> new QuarryTopology.FormatInput(i.topic(), formats.get(i.format())))
                .toList();
    }

    public IngestSettings ingest() {
        return ingest;
    }

    public QuarryConfiguration ingest(IngestSettings ingest) {
        this.ingest = ingest;
        return this;
    }

    public CollectorSettings collector() {
        return collector;
    }

    public QuarryConfiguration collector(CollectorSettings collector) {
        this.collector = collector;
        return this;
    }

    public SinksSettings sinks() {
        return sinks;
    }

    public QuarryConfiguration sinks(SinksSettings sinks) {
        this.sinks = sinks;
        return this;
    }

    public PrivacyConfig privacy() {
        return privacy;
    }

    public QuarryConfiguration privacy(PrivacyConfig privacy) {
        this.privacy = privacy;
        return this;
    }

    public PrometheusSettings prometheus() {
        return prometheus;
    }

    public QuarryConfiguration prometheus(PrometheusSettings prometheus) {
        this.prometheus = prometheus;
        return this;
    }

    /**
     * The {@code prometheus:} section: the Prometheus text served at {@code /prometheus} on the
     * admin port. Mutable bean bound from YAML and validated when loaded.
     */
    public static class PrometheusSettings {
        public static final Duration DEFAULT_INPUT_LAG_INTERVAL = Duration.ofSeconds(15);
        public static final boolean DEFAULT_JVM = true;

        /**
         * How often {@code quarry_input_lag_records} is recomputed (two offset requests to the
         * cluster), not on each scrape. At least one second. Default {@code PT15S}.
         */
        @NotNull
        @DurationMin(seconds = 1, message = "must be at least one second")
        @JsonProperty
        private Duration inputLagInterval = DEFAULT_INPUT_LAG_INTERVAL;
        /** Whether the JVM's own metrics (memory, GC, threads) are served too. Default {@value #DEFAULT_JVM}. */
        @JsonProperty
        private boolean jvm = DEFAULT_JVM;

        public Duration inputLagInterval() {
            return inputLagInterval;
        }

        public PrometheusSettings inputLagInterval(Duration inputLagInterval) {
            this.inputLagInterval = inputLagInterval;
            return this;
        }

        public boolean jvm() {
            return jvm;
        }

        public PrometheusSettings jvm(boolean jvm) {
            this.jvm = jvm;
            return this;
        }
    }

    /** The {@code alertStore:} section. Mutable bean bound from YAML and validated when loaded. */
    public static class AlertStoreSettings {
        public static final String DEFAULT_DIR = "./data/alerts";
        public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

        /**
         * Directory of the Lucene alert index; empty means a fresh temporary directory.
         * Default {@value #DEFAULT_DIR}.
         */
        @NotNull
        @JsonProperty
        private String dir = DEFAULT_DIR;
        /**
         * Alert versions whose time ({@code ts}, the triggering event's) is older than this are
         * deleted, at start-up and every hour. At least one hour. Default {@code P90D}.
         */
        @NotNull
        @DurationMin(hours = 1, message = "must be at least one hour")
        @JsonProperty
        private Duration retention = DEFAULT_RETENTION;

        public String dir() {
            return dir;
        }

        public AlertStoreSettings dir(String dir) {
            this.dir = dir;
            return this;
        }

        public Duration retention() {
            return retention;
        }

        public AlertStoreSettings retention(Duration retention) {
            this.retention = retention;
            return this;
        }
    }

    /**
     * The {@code reference:} section: public benchmark and instruction sets for
     * {@code benchmark_harvesting}, indexed in memory once at start-up. Mutable bean bound from
     * YAML and validated when loaded.
     */
    public static class ReferenceSettings {
        public static final String DEFAULT_DIR = "";
        public static final double DEFAULT_MIN_SIMILARITY = ReferenceIndex.DEFAULT_MIN_SIMILARITY;
        public static final int DEFAULT_MIN_WORDS = ReferenceIndex.DEFAULT_MIN_WORDS;
        public static final boolean DEFAULT_CACHE = true;
        public static final String DEFAULT_CACHE_DIR = "";

        /**
         * Directory searched recursively for JSONL/JSON/CSV prompt sets; empty means no index.
         * Default {@value #DEFAULT_DIR}.
         */
        @NotNull
        @JsonProperty
        private String dir = DEFAULT_DIR;
        /**
         * Word-bigram Jaccard at which a prompt span confirms a reference item.
         * Default {@value #DEFAULT_MIN_SIMILARITY}.
         */
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax("1")
        @JsonProperty
        private double minSimilarity = DEFAULT_MIN_SIMILARITY;
        /**
         * Items and prompt spans with fewer words are not matched (not distinctive).
         * Default {@value #DEFAULT_MIN_WORDS}.
         */
        @Min(2)
        @JsonProperty
        private int minWords = DEFAULT_MIN_WORDS;
        /**
         * Whether the built index is kept on disk and read back at the next start-up on unchanged
         * sets (see {@link ReferenceIndexCache}). Default {@value #DEFAULT_CACHE}.
         */
        @JsonProperty
        private boolean cache = DEFAULT_CACHE;
        /**
         * Where the cached index goes; empty means {@code reference-cache} under
         * {@code kafka.stateDir}, or under the system's temporary directory when that is empty too.
         * Default {@value #DEFAULT_CACHE_DIR}.
         */
        @NotNull
        @JsonProperty
        private String cacheDir = DEFAULT_CACHE_DIR;

        public String dir() {
            return dir;
        }

        public ReferenceSettings dir(String dir) {
            this.dir = dir;
            return this;
        }

        public double minSimilarity() {
            return minSimilarity;
        }

        public ReferenceSettings minSimilarity(double minSimilarity) {
            this.minSimilarity = minSimilarity;
            return this;
        }

        public int minWords() {
            return minWords;
        }

        public ReferenceSettings minWords(int minWords) {
            this.minWords = minWords;
            return this;
        }

        public boolean cache() {
            return cache;
        }

        public ReferenceSettings cache(boolean cache) {
            this.cache = cache;
            return this;
        }

        public String cacheDir() {
            return cacheDir;
        }

        public ReferenceSettings cacheDir(String cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        /**
         * The index of {@code dir}, read from or written to the cache when {@link #cache()} is on,
         * or a lookup that matches nothing when {@code dir} is empty.
         *
         * @param stateDir {@code kafka.stateDir}, under which an empty {@link #cacheDir()} puts the cache
         */
        public ReferenceLookup open(String stateDir) throws IOException {
            if (dir == null || dir.isBlank()) {
                return ReferenceLookup.none();
            }
            Path path = Path.of(dir);
            if (!Files.isDirectory(path)) {
                throw new IOException("reference.dir is not a directory: " + path.toAbsolutePath());
            }
            if (!cache) {
                return ReferenceIndex.load(path, minSimilarity, minWords);
            }
            return ReferenceIndexCache.load(path, minSimilarity, minWords, cachePath(stateDir));
        }

        /** The directory the cached index goes to, by {@link #cacheDir()}'s rule. */
        public Path cachePath(String stateDir) {
            if (!cacheDir.isBlank()) {
                return Path.of(cacheDir);
            }
            return stateDir == null || stateDir.isBlank()
                    ? Path.of(System.getProperty("java.io.tmpdir"), "quarry-reference-cache")
                    : Path.of(stateDir, "reference-cache");
        }
    }
}
