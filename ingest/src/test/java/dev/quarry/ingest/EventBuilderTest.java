package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventBuilderTest {
    @Test
    void defaultsMakeAValidChatEvent() {
        InferenceEvent e = EventBuilder.event("e-1").build();
        assertEquals("e-1", e.eventId());
        assertEquals(EventBuilder.DEFAULT_CLIENT, e.clientId());
        assertEquals(EventBuilder.DEFAULT_TS.toEpochMilli(), e.tsMillis());
        assertEquals(Endpoint.CHAT_COMPLETIONS, e.endpoint());
        assertEquals("orion-large", e.model());
        assertEquals(200, e.response().status());
        assertEquals(List.of(new Message("user", "hello")), e.request().messages());
        assertEquals(e, Fixtures.valid(new EventParser().parse(EventJson.toJsonLine(e), "b")));
    }

    @Test
    void settersMapToTheirContractFields() {
        InferenceEvent e = EventBuilder.event("e").client("key_a").at(Instant.ofEpochMilli(5))
                .system("s").user("u").maxTokens(1).logprobs(true).topLogprobs(5)
                .logitBias(Map.of(1, 2.0)).bias(3, -4).temperature(0).completionTokens(9)
                .promptTokens(8).responseText("r").ip("ip").userAgent("ua").model("m")
                .build();
        assertEquals("key_a", e.clientId());
        assertEquals(5, e.tsMillis());
        assertEquals("s", e.request().systemText());
        assertEquals("u", e.request().userText());
        assertEquals(1, e.request().maxTokens());
        assertEquals(true, e.request().wantsLogprobs());
        assertEquals(5, e.request().topLogprobs());
        assertEquals(Map.of(1, 2.0, 3, -4.0), e.request().logitBias());
        assertEquals(0.0, e.request().temperature());
        assertEquals(9, e.response().completionTokens());
        assertEquals(8, e.response().promptTokens());
        assertEquals("r", e.response().text());
        assertEquals("ip", e.ip());
        assertEquals("ua", e.userAgent());
        assertEquals("m", e.model());
    }

    @Test
    void aPromptMakesACompletionsCallUnlessTheEndpointWasSet() {
        assertEquals(Endpoint.COMPLETIONS, EventBuilder.event("e").prompt("p").build().endpoint());
        InferenceEvent e = EventBuilder.event("e").endpoint(Endpoint.RESPONSES).prompt("p").build();
        assertEquals(Endpoint.RESPONSES, e.endpoint());
        assertNull(e.request().messages());
    }

    @Test
    void fromCopiesEveryFieldOfAnEvent() {
        InferenceEvent e = EventBuilder.event("e").org("o").tlsFingerprint("t")
                .paymentFingerprint("p").prompt("x").topP(0.5).n(2).seed(3).stream(true)
                .status(500).tokenIds(1, 2).finishReason("stop").reasoningTokens(4).latencyMs(5)
                .extension("x_region", new TextNode("eu")).build();
        assertEquals(e, EventBuilder.from(e).build());
        assertEquals("e2", EventBuilder.from(e).eventId("e2").build().eventId());
    }

    @Test
    void eachBuildIsASnapshot() {
        EventBuilder b = EventBuilder.event("e").tokenIds(1);
        InferenceEvent first = b.build();
        InferenceEvent second = b.bias(1, 1).build();
        assertEquals(0, first.request().logitBias().size());
        assertEquals(1, second.request().logitBias().size());
        assertNotSame(first.response().tokenIds(), second.response().tokenIds());
    }

    @Test
    void anExtensionCannotShadowAContractField() {
        assertThrows(IllegalArgumentException.class,
                () -> EventBuilder.event("e").extension("ts", new TextNode("x")));
    }
}
