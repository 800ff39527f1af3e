package dev.quarry.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.ingest.DeadLetter;
import dev.quarry.ingest.DeadLetterJson;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.RecordFormats;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * The topology reading a gateway's format from its own topic ({@code kafka.inputs}): the same calls
 * sent as LiteLLM payloads raise the same alerts as sent as contract events, bad payloads go to the
 * dead-letter topic with the format's reason, and records that are not inference calls are counted.
 */
class FormatInputsTopologyTest {
    private static final String LITELLM_TOPIC = "litellm.logs";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final TopicNames topics = new TopicNames();

    @Test
    void litellmPayloadsOnTheirOwnTopicRaiseTheAlertsTheirContractEventsRaise() {
        List<InferenceEvent> traffic = new java.util.ArrayList<>(Traffic.logitBiasExtractor("key_x", 300, 100));
        traffic.addAll(Traffic.classifierApp("key_c", 200));
        traffic.sort(java.util.Comparator.comparingLong(InferenceEvent::tsMillis));
        List<String> contract = run(topics.events(), traffic, e -> EventJson.toBytes(e), new PipelineCounters());
        List<String> litellm = run(LITELLM_TOPIC, traffic, FormatInputsTopologyTest::payload, new PipelineCounters());
        assertFalse(contract.isEmpty());
        assertEquals(contract, litellm);
    }

    @Test
    void deadLettersABadPayloadWithItsReasonAndCountsASkippedOne() {
        PipelineCounters counters = new PipelineCounters();
        try (TopologyTestDriver driver = driver(counters)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(LITELLM_TOPIC, new ByteArraySerializer(),
                    new ByteArraySerializer());
            in.pipeInput(null, "{\"id\":\"x\",\"call_type\":\"acompletion\"}".getBytes(StandardCharsets.UTF_8));
            in.pipeInput(null, "{\"id\":\"y\",\"call_type\":\"aimage_generation\",\"startTime\":1}".getBytes(StandardCharsets.UTF_8));
            List<DeadLetter> dead = driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readValuesToList().stream().map(DeadLetterJson::fromBytes).toList();
            assertEquals(1, dead.size());
            assertEquals("missing startTime", dead.get(0).reason());
            assertEquals(LITELLM_TOPIC + "/0@0", dead.get(0).source());
            assertEquals(1, counters.recordsSkipped());
            assertEquals(2, counters.recordsRead());
            assertEquals(1, counters.deadLetters());
        }
    }

    private List<String> run(String topic, List<InferenceEvent> traffic, Function<InferenceEvent, byte[]> encode,
            PipelineCounters counters) {
        try (TopologyTestDriver driver = driver(counters)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
            for (InferenceEvent e : traffic) {
                in.pipeInput(null, encode.apply(e), e.tsMillis());
            }
            return driver.createOutputTopic(topics.alerts(), new StringDeserializer(), new ByteArrayDeserializer())
                    .readValuesToList().stream().map(AlertJson::fromBytes)
                    .map(a -> a.alertId() + " " + a.subject().key() + " " + a.severity() + " v" + a.version()).toList();
        }
    }

    private TopologyTestDriver driver(PipelineCounters counters) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        DetectionConfig config = new DetectionConfig();
        config.persistentStores(false);
        RecordFormats formats = RecordFormats.defaults();
        QuarryTopology.Inputs inputs = QuarryTopology.Inputs.none().withEventsPartitions(4).withFormatInputs(List.of(
                new QuarryTopology.FormatInput(topics.events(), formats.get("contract")),
                new QuarryTopology.FormatInput(LITELLM_TOPIC, formats.get("litellm"))));
        return new TopologyTestDriver(new QuarryTopology(config, topics, counters, inputs).build(), p);
    }

    /** The call as a LiteLLM StandardLoggingPayload, with what these test events carry. */
    private static byte[] payload(InferenceEvent e) {
        ObjectNode p = MAPPER.createObjectNode().put("id", e.eventId())
                .put("call_type", e.request().messages() != null ? "acompletion" : "atext_completion")
                .put("status", "success").put("startTime", BigDecimal.valueOf(e.tsMillis()).movePointLeft(3))
                .put("model", e.model());
        p.putObject("metadata").put("user_api_key_hash", e.clientId())
                .put("user_api_key_org_id", e.orgId()).put("user_agent", e.userAgent());
        p.put("requester_ip_address", e.ip());
        if (e.response().status() != 200) {
            p.put("status", "failure").putObject("error_information").put("error_code", Integer.toString(e.response().status()));
        }
        if (e.response().latencyMs() != null) {
            p.put("endTime", BigDecimal.valueOf(e.tsMillis() + e.response().latencyMs()).movePointLeft(3));
        }
        if (e.response().promptTokens() != null) {
            p.put("prompt_tokens", e.response().promptTokens());
        }
        if (e.response().completionTokens() != null) {
            p.put("completion_tokens", e.response().completionTokens());
        }
        if (e.request().messages() != null) {
            e.request().messages().forEach(m -> p.withArray("messages").addObject().put("role", m.role())
                    .put("content", m.content()));
        } else {
            p.put("messages", e.request().prompt());
        }
        ObjectNode params = p.putObject("model_parameters");
        if (e.request().maxTokens() != null) {
            params.put("max_tokens", e.request().maxTokens());
        }
        if (e.request().topP() != null) {
            params.put("top_p", e.request().topP());
        }
        if (e.request().n() != null) {
            params.put("n", e.request().n());
        }
        if (e.request().seed() != null) {
            params.put("seed", e.request().seed());
        }
        if (e.request().stream() != null) {
            params.put("stream", e.request().stream());
        }
        if (e.request().temperature() != null) {
            params.put("temperature", e.request().temperature());
        }
        if (e.request().topLogprobs() != null) {
            params.put("top_logprobs", e.request().topLogprobs());
        }
        if (e.request().logprobs() != null) {
            params.put("logprobs", e.request().logprobs());
        }
        e.request().logitBias().forEach((t, b) -> params.with("logit_bias").put(Integer.toString(t), b));
        ObjectNode response = p.putObject("response");
        if (e.response().text() != null || e.response().finishReason() != null) {
            ObjectNode choice = response.putArray("choices").addObject().put("index", 0)
                    .put("finish_reason", e.response().finishReason());
            if (e.response().text() != null) {
                choice.putObject("message").put("role", "assistant").put("content", e.response().text());
            }
        }
        if (e.response().reasoningTokens() != null) {
            response.putObject("usage").putObject("completion_tokens_details")
                    .put("reasoning_tokens", e.response().reasoningTokens());
        }
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }
}
