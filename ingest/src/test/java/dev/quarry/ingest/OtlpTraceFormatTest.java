package dev.quarry.ingest;

import static dev.quarry.ingest.FormatFixtures.onlyReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OtlpTraceFormatTest {
    private final OtlpTraceFormat format = new OtlpTraceFormat(new EventParser());
    private final byte[] json = Fixtures.lines("formats/otlp.jsonl").get(0).getBytes(StandardCharsets.UTF_8);

    @Test
    void mapsAChatSpanFieldByField() {
        List<ParseResult> results = format.parse(json, "otlp.jsonl:1");
        assertEquals(3, results.size(), results::toString);
        InferenceEvent e = Fixtures.valid(results.get(0));
        assertEquals("5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174", e.eventId());
        assertEquals(1763625600250L, e.tsMillis());
        assertEquals("key_a", e.clientId());
        assertEquals("192.0.2.10", e.ip());
        assertEquals(Endpoint.CHAT_COMPLETIONS, e.endpoint());
        assertEquals("gpt-4o", e.model());
        assertEquals(List.of(new Message("system", "Be terse."), new Message("user", "2+2?")), e.request().messages());
        assertEquals(0.3, e.request().temperature());
        assertEquals(64, e.request().maxTokens());
        assertEquals(7L, e.request().seed());
        assertEquals(true, e.request().logprobs());
        assertEquals(5, e.request().topLogprobs());
        assertEquals(new TreeMap<>(Map.of(1734, 100.0)), e.request().logitBias());
        assertEquals(200, e.response().status());
        assertEquals("4", e.response().text());
        assertEquals("stop", e.response().finishReason());
        assertEquals(12, e.response().promptTokens());
        assertEquals(3, e.response().completionTokens());
        assertEquals(840L, e.response().latencyMs());
    }

    @Test
    void skipsSpansThatAreNotGenAiCallsAndCountsThemBySource() {
        ParseResult.Skipped skipped = assertInstanceOf(ParseResult.Skipped.class,
                format.parse(json, "otlp.jsonl:1").get(1));
        assertEquals("span without gen_ai.operation.name", skipped.reason());
        assertEquals("otlp.jsonl:1 resourceSpans[0].scopeSpans[0].spans[1]", skipped.source());
    }

    @Test
    void takesTheClientFromTheResourceAndAnErrorStatusAs500() {
        InferenceEvent e = Fixtures.valid(format.parse(json, "s").get(2));
        assertEquals("tenant-key-9", e.clientId());
        assertEquals(Endpoint.EMBEDDINGS, e.endpoint());
        assertEquals("embed me", e.request().prompt());
        assertEquals(500, e.response().status());
    }

    @Test
    void decodesProtobufAndJsonToTheSameEvents() {
        List<ParseResult> fromJson = format.parse(json, "s");
        List<ParseResult> fromProtobuf = format.parse(sameRequestInProtobuf().toByteArray(), "s");
        assertEquals(fromJson.size(), fromProtobuf.size());
        for (int i = 0; i < fromJson.size(); i++) {
            if (fromJson.get(i) instanceof ParseResult.Valid v) {
                assertEquals(v.event(), Fixtures.valid(fromProtobuf.get(i)), "span " + i);
            } else {
                assertEquals(fromJson.get(i), fromProtobuf.get(i), "span " + i);
            }
        }
    }

    @Test
    void readsTheClientFromConfiguredAttributes() {
        OtlpTraceFormat byService = new OtlpTraceFormat(new EventParser(),
                new OtlpTraceFormat.Attributes(List.of("service.name"), "a", "b", "c"), false);
        assertEquals("gateway", Fixtures.valid(byService.parse(json, "s").get(0)).clientId());
    }

    @Test
    void rejectsMalformedRequestsWithPreciseReasons() {
        assertEquals("not OTLP protobuf: Protocol message end-group tag did not match expected tag.",
                onlyReason(format.parse(new byte[] {0x0c, 0x01, 0x02}, "s")));
        assertEquals("not a JSON object", onlyReason(new OtlpTraceFormat(new EventParser(),
                OtlpTraceFormat.Attributes.defaults(), true).parse(new byte[] {0x0a, 0x00}, "s")));
        assertEquals("missing resourceSpans", onlyReason(format.parse("{}".getBytes(StandardCharsets.UTF_8), "s")));
        assertEquals("traceId: expected 32 hex digits, got 'xyz'", onlyReason(format.parse(
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}"
                        .getBytes(StandardCharsets.UTF_8), "s")));
        assertTrue(onlyReason(format.parse("{\"resourceSpans\":[{\"scopeSpans\":7}]}"
                .getBytes(StandardCharsets.UTF_8), "s")).startsWith("not OTLP JSON: "));
    }

    @Test
    void rejectsAGenAiSpanWithoutClientOrModel() {
        Span.Builder span = chatSpan();
        span.clearAttributes().addAttributes(kv("gen_ai.operation.name", "chat")).addAttributes(kv("gen_ai.request.model", "m"));
        assertEquals("missing attribute user.id or enduser.id (the client id)", onlyReason(format.parse(request(span), "s")));
        span.clearAttributes().addAttributes(kv("gen_ai.operation.name", "chat")).addAttributes(kv("user.id", "k"));
        assertEquals("missing attribute gen_ai.request.model", onlyReason(format.parse(request(span), "s")));
        span.addAttributes(kv("gen_ai.request.model", "m")).addAttributes(KeyValue.newBuilder()
                .setKey("gen_ai.request.max_tokens").setValue(AnyValue.newBuilder().setStringValue("many")));
        assertEquals("converted event: request.max_tokens: expected integer, got string",
                onlyReason(format.parse(request(span), "s")));
    }

    private static byte[] request(Span.Builder span) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build().toByteArray();
    }

    private static ExportTraceServiceRequest sameRequestInProtobuf() {
        Span http = Span.newBuilder().setTraceId(id("5b8efff798038103d269b633813fc60c")).setSpanId(id("0000000000000abc"))
                .setParentSpanId(id("eee19b7ec3c1b174")).setName("GET /health").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(1763625600300000000L).setEndTimeUnixNano(1763625600310000000L)
                .addAttributes(kv("http.request.method", "GET")).build();
        Span embeddings = Span.newBuilder().setTraceId(id("0af7651916cd43dd8448eb211c80319c")).setSpanId(id("b7ad6b7169203331"))
                .setName("embeddings").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(1763625602000000000L).setEndTimeUnixNano(1763625602100000000L)
                .addAttributes(kv("gen_ai.operation.name", "embeddings"))
                .addAttributes(kv("gen_ai.request.model", "text-embedding-3-small"))
                .addAttributes(kv("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"embed me\"}]}]"))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("rate limited"))
                .build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "gateway"))
                        .addAttributes(kv("enduser.id", "tenant-key-9")))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(chatSpan()).addSpans(http).addSpans(embeddings)))
                .build();
    }

    private static Span.Builder chatSpan() {
        return Span.newBuilder().setTraceId(id("5b8efff798038103d269b633813fc60c")).setSpanId(id("eee19b7ec3c1b174"))
                .setName("chat gpt-4o").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(1763625600250000000L).setEndTimeUnixNano(1763625601090000000L)
                .addAttributes(kv("gen_ai.operation.name", "chat"))
                .addAttributes(kv("gen_ai.request.model", "gpt-4o"))
                .addAttributes(kv("user.id", "key_a"))
                .addAttributes(kv("client.address", "192.0.2.10"))
                .addAttributes(KeyValue.newBuilder().setKey("gen_ai.request.temperature").setValue(AnyValue.newBuilder().setDoubleValue(0.3)))
                .addAttributes(intKv("gen_ai.request.max_tokens", 64))
                .addAttributes(intKv("gen_ai.request.seed", 7))
                .addAttributes(kv("gen_ai.request.logit_bias", "{\"1734\": 100}"))
                .addAttributes(KeyValue.newBuilder().setKey("gen_ai.request.logprobs").setValue(AnyValue.newBuilder().setBoolValue(true)))
                .addAttributes(intKv("gen_ai.request.top_logprobs", 5))
                .addAttributes(intKv("gen_ai.usage.input_tokens", 12))
                .addAttributes(intKv("gen_ai.usage.output_tokens", 3))
                .addAttributes(KeyValue.newBuilder().setKey("gen_ai.response.finish_reasons").setValue(AnyValue.newBuilder()
                        .setArrayValue(ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setStringValue("stop")))))
                .addAttributes(kv("gen_ai.input.messages", "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be terse.\"}]},"
                        + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"2+2?\"}]}]"))
                .addAttributes(kv("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"4\"}],"
                        + "\"finish_reason\":\"stop\"}]"));
    }

    private static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue intKv(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }
}
