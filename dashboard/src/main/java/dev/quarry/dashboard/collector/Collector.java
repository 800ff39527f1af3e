package dev.quarry.dashboard.collector;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import dev.quarry.dashboard.auth.ApiTokens;
import dev.quarry.dashboard.runtime.KafkaClients;
import dev.quarry.ingest.OtlpTraceFormat;
import io.dropwizard.lifecycle.Managed;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP collector: its own Jetty server on {@code collector.port}, apart from the application
 * and admin connectors so that a gateway's network path reaches only it. Routes:
 * <ul>
 *   <li>{@code POST /v1/traces}: OTLP/HTTP trace export, protobuf or JSON;</li>
 *   <li>{@code POST /ingest/{format}}: an NDJSON batch of one log format.</li>
 * </ul>
 * Every request needs a bearer token of the {@code ingest} role. Started and stopped by
 * Dropwizard's lifecycle.
 */
public final class Collector implements Managed {
    /** The format name {@link BodyDecoder#decode} gets for {@code POST /v1/traces}. */
    public static final String OTLP_TRACES = OtlpTraceFormat.NAME;

    private final CollectorSettings settings;
    private final CollectorPublisher publisher;
    private final CollectorServlet servlet;
    private Server server;
    private ServerConnector connector;

    /**
     * @param metrics where its counters go, as {@code quarry.collector.*}
     */
    public Collector(CollectorSettings settings, ApiTokens tokens, BodyDecoder decoder, KafkaClients clients,
            String eventsTopic, String deadLetterTopic, MetricRegistry metrics) {
        this.settings = settings;
        this.publisher = new CollectorPublisher(clients, eventsTopic, deadLetterTopic, settings.maxPendingRecords());
        this.servlet = new CollectorServlet(settings, tokens, decoder, publisher, new CollectorServlet.Counters(
                counter(metrics, "requests"), counter(metrics, "accepted"), counter(metrics, "dead_letters"),
                counter(metrics, "skipped"), counter(metrics, "throttled"), counter(metrics, "refused")));
        metrics.register("quarry.collector.pending_records", (com.codahale.metrics.Gauge<Integer>) publisher::pending);
    }

    private static Counter counter(MetricRegistry metrics, String name) {
        return metrics.counter("quarry.collector." + name);
    }

    @Override
    public void start() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(8, settings.maxConcurrentRequests() + 4), 2);
        threads.setName("quarry-collector");
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost(settings.bindHost());
        connector.setPort(settings.port());
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(servlet), "/*");
        server.setHandler(context);
        server.setStopTimeout(settings.publishTimeout().toMillis());
        server.start();
    }

    /** The port it listens on, once started (the configured one, or the one chosen for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void stop() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            publisher.close();
        }
    }
}
