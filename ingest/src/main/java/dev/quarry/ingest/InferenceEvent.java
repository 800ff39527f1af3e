package dev.quarry.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * One call to an inference endpoint, as defined by {@code shared/contracts/inference-event-v1.md}.
 * Instances are only made by {@link EventParser} (validated input) or by code that generates
 * traffic; both guarantee the contract's required fields are present.
 *
 * <p>Text fields are attacker-controlled data: never interpret them as markup or commands.
 *
 * @param tsMillis event time (request arrival), epoch milliseconds
 * @param extensions unknown top-level fields, kept for forward compatibility and ignored
 */
public record InferenceEvent(
        String eventId,
        long tsMillis,
        String clientId,
        String orgId,
        String ip,
        String userAgent,
        String tlsFingerprint,
        String paymentFingerprint,
        Endpoint endpoint,
        String model,
        InferenceRequest request,
        InferenceResponse response,
        Map<String, JsonNode> extensions) {

    public InferenceEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }
}
