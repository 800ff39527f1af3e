package dev.quarry.dashboard;

import com.codahale.metrics.Gauge;
import dev.quarry.dashboard.api.AlertApi;
import dev.quarry.dashboard.api.AlertFeed;
import dev.quarry.dashboard.api.ChartLibrary;
import dev.quarry.dashboard.api.PipelineStatus;
import dev.quarry.dashboard.api.SecurityHeadersFilter;
import dev.quarry.dashboard.api.StatusResource;
import dev.quarry.dashboard.audit.AuditLog;
import dev.quarry.dashboard.auth.AccessControl;
import dev.quarry.dashboard.auth.ApiTokens;
import dev.quarry.dashboard.collector.Collector;
import dev.quarry.dashboard.collector.FormatBodies;
import dev.quarry.dashboard.journal.KafkaJournal;
import dev.quarry.dashboard.metrics.CollectorMetrics;
import dev.quarry.dashboard.metrics.InputLag;
import dev.quarry.dashboard.metrics.KafkaStreamsMetrics;
import dev.quarry.dashboard.metrics.PipelineMetrics;
import dev.quarry.dashboard.metrics.PrometheusServlet;
import dev.quarry.dashboard.metrics.SinkMetrics;
import dev.quarry.dashboard.runtime.AlertIngestor;
import dev.quarry.dashboard.runtime.ClasspathOrFileSourceProvider;
import dev.quarry.dashboard.runtime.ClientIdCommand;
import dev.quarry.dashboard.runtime.DemoCommand;
import dev.quarry.dashboard.runtime.DetectionService;
import dev.quarry.dashboard.runtime.FingerprintCommand;
import dev.quarry.dashboard.runtime.KafkaClients;
import dev.quarry.dashboard.runtime.LiveProfiles;
import dev.quarry.dashboard.runtime.PublishCommand;
import dev.quarry.dashboard.runtime.QuarryHealthChecks;
import dev.quarry.dashboard.runtime.QuarryServerCommand;
import dev.quarry.dashboard.runtime.ReplayCommand;
import dev.quarry.dashboard.runtime.StreamsSettings;
import dev.quarry.dashboard.runtime.TemporaryDirectories;
import dev.quarry.dashboard.runtime.TopicAdmin;
import dev.quarry.dashboard.sink.AlertSinks;
import dev.quarry.dashboard.spi.DemoTraffic;
import dev.quarry.dashboard.spi.EmbeddedBroker;
import dev.quarry.dashboard.spi.EmbeddedBrokerFactory;
import dev.quarry.dashboard.spi.QuarryPlugin;
import dev.quarry.dashboard.store.AlertStore;
import dev.quarry.dashboard.suppression.SuppressionDesk;
import dev.quarry.dashboard.triage.TriageDesk;
import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.privacy.Privacy;
import dev.quarry.detectors.detector.DetectorRegistry;
import dev.quarry.detectors.suppression.LiveSuppressions;
import dev.quarry.detectors.suppression.Suppressions;
import dev.quarry.detectors.watermark.WatermarkChecks;
import dev.quarry.ingest.EventParser;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.ConfigurationFactoryFactory;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Quarry's application: the detection topology, the alert service and the analyst page in one
 * process, plus the launcher's commands ({@code server}, {@code check}, {@code replay},
 * {@code fingerprint}, and those of {@link QuarryPlugin}s such as the development kit's
 * {@code demo} and {@code generate}), and {@code version}, which {@link #main} answers itself.
 * All wiring happens in {@link #run}.
 */
public class QuarryApplication extends Application<QuarryConfiguration> {
    private volatile QuarryRuntime runtime;

    public static void main(String[] args) throws Exception {
        if (isVersionRequest(args)) {
            // Answered before the application exists: creating its Bootstrap already logs (Hibernate
            // Validator's banner), and Dropwizard's own --version reads a manifest entry this build
            // does not write.
            System.out.println(QuarryVersion.current().line());
            return;
        }
        new QuarryApplication().run(args);
    }

    /** {@code version}, {@code --version} or {@code -v}, alone. */
    static boolean isVersionRequest(String[] args) {
        return args.length == 1 && List.of("version", "--version", "-v").contains(args[0]);
    }

    @Override
    public String getName() {
        return "quarry";
    }

    /** Dropwizard's {@code server} and {@code check}, the server taking {@code --reference-dir}. */
    @Override
    protected void addDefaultCommands(Bootstrap<QuarryConfiguration> bootstrap) {
        bootstrap.addCommand(new QuarryServerCommand(this));
        bootstrap.addCommand(new CheckCommand<>(this));
    }

    @Override
    public void initialize(Bootstrap<QuarryConfiguration> bootstrap) {
        // Violations are reported by the keys' YAML names (detection.encoders.default), not Java's.
        bootstrap.setValidatorFactory(Validators.newConfiguration()
                .propertyNodeNameProvider(new YamlKeyNames(bootstrap.getObjectMapper()))
                .buildValidatorFactory());
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                new ClasspathOrFileSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addBundle(new AssetsBundle("/assets", "/", "index.html", "assets"));
        bootstrap.addBundle(ChartLibrary.bundle());
        bootstrap.addCommand(new ReplayCommand());
        bootstrap.addCommand(new PublishCommand());
        bootstrap.addCommand(new FingerprintCommand());
        bootstrap.addCommand(new ClientIdCommand());
        DemoTraffic demoTraffic = null;
        for (QuarryPlugin plugin : ServiceLoader.load(QuarryPlugin.class)) {
            for (Command c : plugin.commands()) {
                bootstrap.addCommand(c);
            }
            demoTraffic = plugin.demoTraffic().orElse(demoTraffic);
        }
        // Only with a plugin's traffic: the production class path has no generator, and no demo.
        if (demoTraffic != null) {
            bootstrap.addCommand(new DemoCommand(this, this::runtime, demoTraffic));
        }
    }

    /**
     * The factory {@code check} and {@code server} load the configuration with, for commands that
     * load it themselves ({@code replay}, {@code eval}, ...): Dropwizard's, which fails on unknown
     * keys (the application's {@link com.fasterxml.jackson.databind.ObjectMapper} alone ignores
     * them), with the application's validator.
     */
    @SuppressWarnings("unchecked")
    public static ConfigurationFactory<QuarryConfiguration> configurationFactory(Bootstrap<?> bootstrap) {
        ConfigurationFactoryFactory<QuarryConfiguration> factories =
                (ConfigurationFactoryFactory<QuarryConfiguration>) bootstrap.getConfigurationFactoryFactory();
        return factories.create(QuarryConfiguration.class, bootstrap.getValidatorFactory().getValidator(),
                bootstrap.getObjectMapper(), "dw");
    }

    @Override
    public void run(QuarryConfiguration config, Environment env) throws Exception {
        // First: a bad QUARRY_ADMIN_TOKEN or clashing tokens stop the start before anything runs.
        Optional<String> peerToken = config.auth().peer();
        ApiTokens tokens = ApiTokens.of(config.auth().tokens(), Optional.ofNullable(System.getenv(ApiTokens.ADMIN_TOKEN_ENV)),
                peerToken);
        // Managed objects stop in reverse order: temporary directories are registered first so they
        // are deleted last, then the embedded broker, so it stops after everything that uses it.
        TemporaryDirectories temporary = new TemporaryDirectories();
        env.lifecycle().manage(temporary);
        String bootstrap = config.kafka().bootstrapServers();
        if (config.kafka().embedded()) {
            EmbeddedBroker broker = EmbeddedBrokerFactory.installed().orElseThrow(() -> new IllegalStateException(
                    "kafka.bootstrapServers is empty and this class path has no embedded broker: name the Kafka "
                            + "cluster in the configuration (config.yml reads QUARRY_KAFKA_BOOTSTRAP), or run "
                            + "`bin/quarry demo`, whose development kit starts a broker in-process"))
                    .start();
            env.lifecycle().manage(new AutoCloseableManager(broker));
            bootstrap = broker.bootstrapServers();
        }
        // The embedded broker is plaintext; a configured cluster gets kafka.properties (TLS, SASL) on every client.
        KafkaClients clients = config.kafka().embedded() ? KafkaClients.of(bootstrap) : KafkaClients.of(bootstrap, config.kafka());
        AlertSinks sinks = AlertSinks.of(config.sinks(), clients, config.topics().alerts(), env.metrics(), Clock.systemUTC());
        int eventsPartitions;
        try (TopicAdmin topics = TopicAdmin.connect(clients)) {
            if (config.kafka().createTopics()) {
                topics.createMissing(config.topics().withPartitions(config.kafka().partitions()), config.kafka().replicationFactor());
                for (KafkaSettings.Input input : config.kafka().inputs()) {
                    topics.createMissing(Map.of(input.topic(), config.kafka().partitions()), config.kafka().replicationFactor());
                }
                topics.createMissing(Map.of(config.topics().triage(), config.kafka().partitions()), config.kafka().replicationFactor(),
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                // One partition: few records, read whole by the topology's global store and every journal.
                topics.createMissing(Map.of(config.topics().suppressions(), 1), config.kafka().replicationFactor(),
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                // One partition: the audit log has one order.
                topics.createMissing(Map.of(config.topics().audit(), 1), config.kafka().replicationFactor(),
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                                TopicConfig.RETENTION_MS_CONFIG, Long.toString(config.kafka().auditRetention().toMillis())));
                for (String topic : sinks.outputTopics()) {
                    topics.createMissing(Map.of(topic, config.kafka().partitions()), config.kafka().replicationFactor());
                }
            }
            eventsPartitions = config.kafka().runTopology() ? topics.partitionCount(config.topics().events()) : 0;
        }

        // Served at /prometheus on the admin port; Dropwizard's own JSON stays at /metrics.
        PrometheusRegistry prometheus = new PrometheusRegistry();
        Histogram alertLag = PipelineMetrics.alertLag(prometheus);
        PipelineCounters counters = new PipelineCounters(ms -> alertLag.observe(ms / 1000.0));
        Privacy privacy = Privacy.of(config.privacy());
        DetectionService detection = null;
        InputLag inputLag = null;
        LiveSuppressions liveSuppressions = null;
        if (config.kafka().runTopology()) {
            WatermarkChecks watermark = WatermarkChecks.from(config.watermark());
            env.lifecycle().manage(new AutoCloseableManager(watermark));
            QuarryTopology topology = new QuarryTopology(config.detection(), config.topics(), counters,
                    new QuarryTopology.Inputs(eventsPartitions, config.reference().open(config.kafka().stateDir()), watermark)
                            .withFormatInputs(config.formatInputs()).withPrivacy(privacy));
            // Managed objects stop in reverse order: the streams first, then the encoders they used.
            env.lifecycle().manage(new AutoCloseableManager(topology));
            liveSuppressions = topology.suppressions();
            detection = new DetectionService(topology.build(),
                    StreamsSettings.streamsProperties(config.kafka(), bootstrap, config.kafka().applicationId(), temporary),
                    topology.totalsStores(), config.kafka().shutdownTimeout());
            env.lifecycle().manage(detection);
            prometheus.register(new KafkaStreamsMetrics(detection::metrics));
            inputLag = new InputLag(clients, config.kafka().applicationId(), inputTopics(config),
                    config.prometheus().inputLagInterval()).register(prometheus);
            env.lifecycle().manage(inputLag);
        }
        // Registered with or without a topology: the health: section may name them.
        env.healthChecks().register("topology", QuarryHealthChecks.topology(detection));
        env.healthChecks().register("stream-threads", QuarryHealthChecks.streamThreads(detection));

        AlertStore store = AlertStore.open(storeDir(config, temporary));
        env.lifecycle().manage(new AutoCloseableManager(store));
        store.retainFor(config.alertStore().retention(), Clock.systemUTC());
        AlertFeed feed = new AlertFeed();
        // Closed when the server starts stopping: a live stream never ends by itself, and Jetty's
        // graceful shutdown would otherwise wait for it.
        env.lifecycle().addEventListener(feed);
        // Started before the ingestor (which reopens escalated alerts) and read whole before the port opens.
        KafkaJournal auditJournal = new KafkaJournal(bootstrap, clients.properties(), config.topics().audit());
        AuditLog audit = AuditLog.on(auditJournal, Clock.systemUTC(), config.kafka().auditRetention());
        env.lifecycle().manage(auditJournal);
        KafkaJournal triageJournal = new KafkaJournal(bootstrap, clients.properties(), config.topics().triage());
        TriageDesk triage = TriageDesk.on(triageJournal, Clock.systemUTC(), audit);
        env.lifecycle().manage(triageJournal);
        KafkaJournal suppressionJournal = new KafkaJournal(bootstrap, clients.properties(), config.topics().suppressions());
        SuppressionDesk suppressions = SuppressionDesk.on(suppressionJournal, Clock.systemUTC(),
                Suppressions.detectorNames(DetectorRegistry.of(config.detection(), config.watermark())), audit);
        env.lifecycle().manage(suppressionJournal);
        AlertIngestor ingestor = new AlertIngestor(clients, config.topics().alerts(), store, feed,
                triage::alertStored).storing(privacy::redact);
        env.lifecycle().manage(ingestor);
        // Each sink reads the alerts topic in a consumer group of its own (docs/integrations.md).
        sinks.register(env);

        env.jersey().setUrlPattern("/api/*");
        LiveProfiles live = detection == null ? null : new LiveProfiles(detection, config.kafka().advertisedUrl(), peerToken);
        new AlertApi(store, feed, triage, suppressions, audit, live).register(env.jersey());
        env.jersey().register(new StatusResource(status(detection, inputLag)));
        AccessControl.create(tokens, config.auth(), audit).register(env);
        new SecurityHeadersFilter().register(env.servlets());
        Collector collector = null;
        if (config.collector().enabled()) {
            collector = new Collector(config.collector(), tokens,
                    new FormatBodies(config.ingest().recordFormats(new EventParser(config.detection().deadLetterRawChars()))), clients,
                    config.topics().events(), config.topics().deadLetters(), env.metrics());
            env.lifecycle().manage(collector);
        }

        env.healthChecks().register("kafka", QuarryHealthChecks.broker(clients));
        env.healthChecks().register("alert-ingestor", QuarryHealthChecks.ingestor(ingestor));
        env.healthChecks().register("triage-journal", QuarryHealthChecks.journal(triageJournal));
        env.healthChecks().register("audit-journal", QuarryHealthChecks.journal(auditJournal));
        env.healthChecks().register("suppression-journal", QuarryHealthChecks.journal(suppressionJournal));
        env.metrics().register("quarry.pipeline.records_read", (Gauge<Long>) counters::recordsRead);
        env.metrics().register("quarry.pipeline.dead_letters", (Gauge<Long>) counters::deadLetters);
        env.metrics().register("quarry.pipeline.duplicates", (Gauge<Long>) counters::duplicates);
        env.metrics().register("quarry.pipeline.events_processed", (Gauge<Long>) counters::eventsProcessed);
        env.metrics().register("quarry.pipeline.alerts_published", (Gauge<Long>) counters::alertsPublished);
        env.metrics().register("quarry.pipeline.alert_versions_suppressed", (Gauge<Long>) counters::alertVersionsSuppressed);
        env.metrics().register("quarry.pipeline.events_repartitioned", (Gauge<Long>) counters::eventsRepartitioned);
        env.metrics().register("quarry.pipeline.findings_suppressed", (Gauge<Long>) counters::findingsSuppressed);
        env.metrics().register("quarry.alerts.ingested", (Gauge<Long>) ingestor::ingested);
        env.metrics().register("quarry.alerts.unreadable", (Gauge<Long>) ingestor::unreadable);
        PipelineMetrics.register(prometheus, counters, ingestor);
        prometheus.register(new SinkMetrics(env.metrics()));
        prometheus.register(new CollectorMetrics(env.metrics()));
        if (config.prometheus().jvm()) {
            JvmMetrics.builder().register(prometheus);
        }
        env.admin().addServlet("prometheus", new PrometheusServlet(prometheus)).addMapping("/prometheus");

        runtime = new QuarryRuntime(bootstrap, config.topics(), counters, detection, liveSuppressions, store, feed, ingestor, collector);
    }

    /** What {@code GET /api/status} answers, computed on each request. */
    private static Supplier<PipelineStatus> status(DetectionService detection, InputLag inputLag) {
        if (detection == null) {
            return PipelineStatus::noTopology;
        }
        return () -> PipelineStatus.of(detection.state(), detection.restoring(), inputLag.records(), detection.totals());
    }

    /** The topics the topology reads: {@code kafka.inputs}, or the events topic when that is empty. */
    private static List<String> inputTopics(QuarryConfiguration config) {
        List<String> inputs = config.kafka().inputs().stream().map(KafkaSettings.Input::topic).toList();
        return inputs.isEmpty() ? List.of(config.topics().events()) : inputs;
    }

    /** What {@link #run} wired, or null before it ran. */
    public QuarryRuntime runtime() {
        return runtime;
    }

    private static Path storeDir(QuarryConfiguration config, TemporaryDirectories temporary) throws IOException {
        String dir = config.alertStore().dir();
        if (dir == null || dir.isBlank()) {
            return temporary.create("quarry-alerts-");
        }
        Path p = Path.of(dir);
        Files.createDirectories(p);
        return p;
    }
}
