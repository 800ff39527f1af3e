package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.corpora.ClientLabel;
import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.QuarryRuntime;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceRequest;
import dev.quarry.ingest.Message;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client no one here wrote: the OpenTelemetry Java SDK's own OTLP/HTTP exporter (protobuf,
 * gzip) sends a logit-bias extractor's calls as GenAI spans, with the attributes of the GenAI
 * semantic conventions, to the collector's {@code /v1/traces}. The spans become events, the
 * extractor is detected as it is from contract events, and a span of another kind (an HTTP
 * health check) is skipped and counted.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OtlpExporterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = DemoApps.tempDir("quarry-otlp-");
    private static final DropwizardAppExtension<QuarryConfiguration> APP = DemoApps.demo(DIR);
    private static final CorpusSpec SPEC = CorpusSpec.empty(13, CorpusSpec.DEFAULT_START, CorpusSpec.DEFAULT_DURATION)
            .withCount(ArchetypeKind.LOGIT_BIAS_EXTRACTOR, 1);


    @Test
    void genAiSpansFromTheOpenTelemetrySdkBecomeEventsAndTheExtractorIsDetected() throws Exception {
        QuarryRuntime live = APP.<QuarryApplication>getApplication().runtime();
        assertTrue(live.detection().awaitRunning(Duration.ofMinutes(2)));
        TrafficGenerator generator = new TrafficGenerator(SPEC);
        String extractor = generator.labels().stream().map(ClientLabel::clientId).findFirst().orElseThrow();
        long processedBefore = live.counters().eventsProcessed();

        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + live.collector().port() + "/v1/traces")
                .addHeader("Authorization", TestTokens.bearer(Role.INGEST))
                .setCompression("gzip")
                .setTimeout(Duration.ofSeconds(60))
                .build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), "llm-gateway"))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter)
                        .setMaxExportBatchSize(256).setMaxQueueSize(100_000).setScheduleDelay(Duration.ofMillis(200)).build())
                .build();
        Tracer tracer = provider.get("quarry-otlp-it");
        long spans = 0;
        Iterator<InferenceEvent> events = generator.events();
        while (events.hasNext()) {
            span(tracer, events.next());
            spans++;
        }
        Span health = tracer.spanBuilder("GET /healthz").setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", "GET").startSpan();
        health.end();
        CompletableResultCode flushed = provider.forceFlush().join(2, TimeUnit.MINUTES);
        assertTrue(flushed.isSuccess(), "the exporter's batches were all accepted");
        provider.shutdown().join(30, TimeUnit.SECONDS);

        long expected = processedBefore + spans;
        DemoApps.awaitTrue("the topology processed every GenAI span as an event", Duration.ofMinutes(5),
                () -> live.counters().eventsProcessed() >= expected);
        DemoApps.awaitTrue("the extractor is detected", Duration.ofMinutes(1),
                () -> live.store().client(extractor).alerts().stream().anyMatch(a -> a.severity().isDetection()));
        assertEquals(spans, APP.getEnvironment().metrics().counter("quarry.collector.accepted").getCount());
        assertEquals(1, APP.getEnvironment().metrics().counter("quarry.collector.skipped").getCount(),
                "the health-check span is skipped, not dead-lettered");
        assertEquals(0, APP.getEnvironment().metrics().counter("quarry.collector.dead_letters").getCount());
    }

    /** One call as a GenAI client span: the conventions' attributes, plus the configured extras. */
    private static void span(Tracer tracer, InferenceEvent e) throws Exception {
        InferenceRequest r = e.request();
        SpanBuilder b = tracer.spanBuilder("chat " + e.model())
                .setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(e.tsMillis(), TimeUnit.MILLISECONDS)
                .setAttribute("gen_ai.operation.name", "chat")
                .setAttribute("gen_ai.request.model", e.model())
                .setAttribute("user.id", e.clientId());
        if (r.temperature() != null) {
            b.setAttribute("gen_ai.request.temperature", r.temperature());
        }
        if (r.maxTokens() != null) {
            b.setAttribute("gen_ai.request.max_tokens", r.maxTokens().longValue());
        }
        if (r.seed() != null) {
            b.setAttribute("gen_ai.request.seed", r.seed());
        }
        if (r.logprobs() != null) {
            b.setAttribute("gen_ai.request.logprobs", r.logprobs());
        }
        if (r.topLogprobs() != null) {
            b.setAttribute("gen_ai.request.top_logprobs", r.topLogprobs().longValue());
        }
        if (r.logitBias() != null && !r.logitBias().isEmpty()) {
            ObjectNode bias = JSON.createObjectNode();
            for (Map.Entry<Integer, Double> t : r.logitBias().entrySet()) {
                bias.put(Integer.toString(t.getKey()), t.getValue());
            }
            b.setAttribute("gen_ai.request.logit_bias", JSON.writeValueAsString(bias));
        }
        ArrayNode input = JSON.createArrayNode();
        List<Message> messages = r.messages() != null ? r.messages() : List.of(new Message("user", r.prompt()));
        for (Message m : messages) {
            input.add(message(m.role(), m.content()));
        }
        b.setAttribute("gen_ai.input.messages", JSON.writeValueAsString(input));
        Span span = b.startSpan();
        if (e.response() != null) {
            if (e.response().text() != null) {
                ObjectNode out = message("assistant", e.response().text());
                if (e.response().finishReason() != null) {
                    out.put("finish_reason", e.response().finishReason());
                    span.setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"),
                            List.of(e.response().finishReason()));
                }
                span.setAttribute("gen_ai.output.messages", JSON.writeValueAsString(JSON.createArrayNode().add(out)));
            }
            if (e.response().promptTokens() != null) {
                span.setAttribute("gen_ai.usage.input_tokens", e.response().promptTokens().longValue());
            }
            if (e.response().completionTokens() != null) {
                span.setAttribute("gen_ai.usage.output_tokens", e.response().completionTokens().longValue());
            }
        }
        long latency = e.response() != null && e.response().latencyMs() != null ? e.response().latencyMs() : 1;
        span.end(e.tsMillis() + latency, TimeUnit.MILLISECONDS);
    }

    private static ObjectNode message(String role, String text) {
        ObjectNode m = JSON.createObjectNode();
        m.put("role", role);
        m.putArray("parts").addObject().put("type", "text").put("content", text);
        return m;
    }

}
