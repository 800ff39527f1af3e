package dev.quarry.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The contract v1 JSON of one event that a converter fills in, then has {@link EventParser}
 * validate: what the contract accepts from a gateway is exactly what it accepts on the wire. A
 * converted event the contract rejects becomes a dead letter whose reason starts {@code
 * "converted event: "} and names the contract field ({@code request.top_logprobs}), and whose raw
 * record is the gateway's record, not the converted JSON. Not thread-safe: one per record.
 */
final class ContractDraft {
    /** The prefix of the reason of a converted event that the contract rejects. */
    static final String CONVERTED = "converted event: ";

    private final SourceJson json;
    final ObjectNode root;
    final ObjectNode request;
    final ObjectNode response;

    ContractDraft(SourceJson json) {
        this.json = json;
        this.root = json.nodes().objectNode();
        this.request = json.nodes().objectNode();
        this.response = json.nodes().objectNode();
    }

    /** Sets a top-level string field unless {@code value} is null. */
    ContractDraft put(String field, String value) {
        if (value != null) {
            root.put(field, value);
        }
        return this;
    }

    /** Copies a value into {@code request} unless it is null. */
    ContractDraft request(String field, JsonNode value) {
        if (value != null && !value.isNull()) {
            request.set(field, value);
        }
        return this;
    }

    /** Copies a value into {@code response} unless it is null. */
    ContractDraft response(String field, JsonNode value) {
        if (value != null && !value.isNull()) {
            response.set(field, value);
        }
        return this;
    }

    ArrayNode messages() {
        return request.putArray("messages");
    }

    /**
     * The event, validated by the contract parser; a dead letter naming the contract field and
     * carrying {@code raw} when the contract rejects it.
     */
    ParseResult finish(EventParser parser, byte[] raw, String source) {
        root.set("request", request);
        root.set("response", response);
        byte[] converted;
        try {
            converted = json.mapper().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            return ConvertedRecords.invalid(parser, "unreadable: " + e.getClass().getSimpleName(), source, raw);
        }
        ParseResult result = parser.parse(converted, source);
        if (result instanceof ParseResult.Invalid invalid) {
            return ConvertedRecords.invalid(parser, CONVERTED + invalid.deadLetter().reason(), source, raw);
        }
        return result;
    }
}
