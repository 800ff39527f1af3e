package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventJsonTest {
    private final EventParser parser = new EventParser();

    private InferenceEvent roundTrip(InferenceEvent e) {
        InferenceEvent viaLine = Fixtures.valid(parser.parse(EventJson.toJsonLine(e), "line"));
        InferenceEvent viaBytes = Fixtures.valid(parser.parse(EventJson.toBytes(e), "bytes"));
        assertEquals(viaLine, viaBytes);
        return viaLine;
    }

    @Test
    void anEventWithEveryFieldSurvivesARoundTrip() {
        InferenceEvent e = EventBuilder.event("e-full").client("key_a").org("org").ip("2001:db8::1")
                .userAgent("ua").tlsFingerprint("ja4").paymentFingerprint("pay").model("m2")
                .endpoint(Endpoint.RESPONSES).system("sys").developer("dev").user("u")
                .assistant("a").tool("t").prompt("p").temperature(1.25).topP(0.125)
                .maxTokens(0).n(3).seed(-42).logprobs(false).topLogprobs(20)
                .bias(0, -100).bias(5, 0.25).bias(Integer.MAX_VALUE, 100).stream(true)
                .status(429).responseText("r").tokenIds(0, 1, Integer.MAX_VALUE)
                .finishReason("length").promptTokens(1).completionTokens(2).reasoningTokens(3)
                .latencyMs(Long.MAX_VALUE)
                .extension("x_obj", JsonNodeFactory.instance.objectNode().put("k", "v"))
                .extension("x_dec", JsonNodeFactory.instance.numberNode(new BigDecimal("100.0")))
                .build();
        assertEquals(e, roundTrip(e));
    }

    @Test
    void theLineIsOneLineWhateverTheText() {
        InferenceEvent e = EventBuilder.event("e").user("a\nb\r\nc\u2028d\u0000").build();
        String line = EventJson.toJsonLine(e);
        assertFalse(line.contains("\n") || line.contains("\r"), line);
        assertEquals(e, roundTrip(e));
    }

    @Test
    void tsIsWrittenAsRfc3339UtcWithMillisOnlyWhenNonZero() {
        assertTrue(EventJson.toJsonLine(EventBuilder.event("e")
                .at(Instant.parse("2026-11-20T08:15:02Z")).build())
                .contains("\"ts\":\"2026-11-20T08:15:02Z\""));
        assertTrue(EventJson.toJsonLine(EventBuilder.event("e")
                .at(Instant.parse("2026-11-20T08:15:00.120Z")).build())
                .contains("\"ts\":\"2026-11-20T08:15:00.120Z\""));
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, 253_402_300_799_999L, 253_402_300_800_000L, Long.MAX_VALUE})
    void timestampsOnBothSidesOfYear9999SurviveARoundTrip(long millis) {
        InferenceEvent e = EventBuilder.event("e").at(millis).build();
        assertEquals(millis, roundTrip(e).tsMillis());
    }

    @Test
    void timestampsAfterYear9999AreWrittenAsEpochMillis() {
        InferenceEvent e = EventBuilder.event("e").at(253_402_300_800_000L).build();
        assertTrue(EventJson.toJsonLine(e).contains("\"ts\":253402300800000"));
    }

    @Test
    void charactersBeyondTheBmpAreWrittenAsUtf8EvenInFieldNames() {
        InferenceEvent e = EventBuilder.event("e").user("\uD83D\uDE00")
                .extension("x_\uD83D\uDE00", JsonNodeFactory.instance.textNode("\uD83D\uDE00"))
                .build();
        String bytes = new String(EventJson.toBytes(e), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains("\\uD83D"), bytes);
        assertEquals(e, roundTrip(e));
    }

    @Test
    void textWithSurrogatesAndBidiControlsSurvivesARoundTrip() {
        InferenceEvent e = EventBuilder.event("e").user("\uD83D\uDE00 \u202Eabc\u202C \uFEFF")
                .responseText("<b>data</b>").build();
        assertEquals(e, roundTrip(e));
    }
}
