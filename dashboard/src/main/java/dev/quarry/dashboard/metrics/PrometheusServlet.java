package dev.quarry.dashboard.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /prometheus} on the admin port: a scrape of the registry in the Prometheus text
 * format (0.0.4). Written here rather than taken from {@code prometheus-metrics-exporter-servlet-jakarta}
 * because all it does is call the client library's own writer; content negotiation (OpenMetrics,
 * protobuf) is not offered. Thread-safe.
 */
public final class PrometheusServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient PrometheusRegistry registry;
    private final transient PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public PrometheusServlet(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PrometheusTextFormatWriter.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        writer.write(response.getOutputStream(), registry.scrape());
    }
}
