package dev.quarry.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A fluent builder of {@link InferenceEvent}s for traffic generators and tests:
 *
 * <pre>{@code
 * InferenceEvent e = EventBuilder.event("e-1").client("key_a").at(Instant.parse("2026-11-20T08:00:00Z"))
 *         .prompt("The capital of France is").maxTokens(1).topLogprobs(5).bias(1734, 100)
 *         .build();
 * }</pre>
 *
 * <p>Defaults: client {@value #DEFAULT_CLIENT}, endpoint {@code chat.completions}, model
 * {@value #DEFAULT_MODEL}, status 200, {@code ts} {@link #DEFAULT_TS}; every other field absent.
 * {@link #prompt} switches the endpoint to {@code completions} unless {@link #endpoint} was set.
 * With neither messages nor prompt, {@link #build} adds one user message, {@code "hello"}, since
 * the contract needs one of them.
 *
 * <p>The builder does not validate ranges (a {@code top_logprobs} of 25 builds fine and is
 * rejected by {@link EventParser}), so tests can make contract-breaking events on purpose. A
 * builder may be reused: each {@link #build} takes a snapshot. Not thread-safe.
 */
public final class EventBuilder {
    /** The default event time, 2026-11-20T08:00:00Z. */
    public static final Instant DEFAULT_TS = Instant.parse("2026-11-20T08:00:00Z");
    /** The default client id. */
    public static final String DEFAULT_CLIENT = "key_test";
    /** The default model name. */
    public static final String DEFAULT_MODEL = "orion-large";

    private static final Set<String> CONTRACT_FIELDS = Set.of("event_id", "ts", "client_id",
            "org_id", "ip", "user_agent", "tls_fingerprint", "payment_fingerprint", "endpoint",
            "model", "request", "response");

    private String eventId;
    private long tsMillis = DEFAULT_TS.toEpochMilli();
    private String clientId = DEFAULT_CLIENT;
    private String orgId;
    private String ip;
    private String userAgent;
    private String tlsFingerprint;
    private String paymentFingerprint;
    private Endpoint endpoint = Endpoint.CHAT_COMPLETIONS;
    private boolean endpointSet;
    private String model = DEFAULT_MODEL;
    private List<Message> messages;
    private String prompt;
    private Double temperature;
    private Double topP;
    private Integer maxTokens;
    private Integer n;
    private Long seed;
    private Boolean logprobs;
    private Integer topLogprobs;
    private final TreeMap<Integer, Double> logitBias = new TreeMap<>();
    private Boolean stream;
    private int status = 200;
    private String responseText;
    private int[] tokenIds;
    private String finishReason;
    private Integer promptTokens;
    private Integer completionTokens;
    private Integer reasoningTokens;
    private Long latencyMs;
    private final Map<String, JsonNode> extensions = new LinkedHashMap<>();

    private EventBuilder(String eventId) {
        this.eventId = Objects.requireNonNull(eventId, "eventId");
    }

    /** A builder for the event with this id, all else default. */
    public static EventBuilder event(String eventId) {
        return new EventBuilder(eventId);
    }

    /** A builder holding every field of {@code e}, to build variations of it. */
    public static EventBuilder from(InferenceEvent e) {
        EventBuilder b = new EventBuilder(e.eventId()).at(e.tsMillis()).client(e.clientId())
                .org(e.orgId()).ip(e.ip()).userAgent(e.userAgent())
                .tlsFingerprint(e.tlsFingerprint()).paymentFingerprint(e.paymentFingerprint())
                .endpoint(e.endpoint()).model(e.model());
        InferenceRequest r = e.request();
        b.messages = r.messages() == null ? null : new ArrayList<>(r.messages());
        b.prompt = r.prompt();
        b.temperature = r.temperature();
        b.topP = r.topP();
        b.maxTokens = r.maxTokens();
        b.n = r.n();
        b.seed = r.seed();
        b.logprobs = r.logprobs();
        b.topLogprobs = r.topLogprobs();
        b.logitBias.putAll(r.logitBias());
        b.stream = r.stream();
        InferenceResponse s = e.response();
        b.status = s.status();
        b.responseText = s.text();
        b.tokenIds = s.tokenIds() == null ? null : s.tokenIds().clone();
        b.finishReason = s.finishReason();
        b.promptTokens = s.promptTokens();
        b.completionTokens = s.completionTokens();
        b.reasoningTokens = s.reasoningTokens();
        b.latencyMs = s.latencyMs();
        b.extensions.putAll(e.extensions());
        return b;
    }

    public EventBuilder eventId(String id) {
        this.eventId = Objects.requireNonNull(id, "id");
        return this;
    }

    public EventBuilder client(String clientId) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        return this;
    }

    /** Event time. */
    public EventBuilder at(Instant ts) {
        this.tsMillis = ts.toEpochMilli();
        return this;
    }

    /** Event time in epoch milliseconds. */
    public EventBuilder at(long epochMillis) {
        this.tsMillis = epochMillis;
        return this;
    }

    public EventBuilder org(String orgId) {
        this.orgId = orgId;
        return this;
    }

    public EventBuilder ip(String ip) {
        this.ip = ip;
        return this;
    }

    public EventBuilder userAgent(String userAgent) {
        this.userAgent = userAgent;
        return this;
    }

    public EventBuilder tlsFingerprint(String fingerprint) {
        this.tlsFingerprint = fingerprint;
        return this;
    }

    public EventBuilder paymentFingerprint(String fingerprint) {
        this.paymentFingerprint = fingerprint;
        return this;
    }

    public EventBuilder endpoint(Endpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.endpointSet = true;
        return this;
    }

    public EventBuilder model(String model) {
        this.model = Objects.requireNonNull(model, "model");
        return this;
    }

    /** Appends a message with any role (the contract's are system, user, assistant, tool, developer). */
    public EventBuilder message(String role, String content) {
        if (messages == null) {
            messages = new ArrayList<>();
        }
        messages.add(new Message(role, content));
        return this;
    }

    /** Replaces the messages; an empty list is a chat with no messages, which is valid. */
    public EventBuilder messages(List<Message> messages) {
        this.messages = new ArrayList<>(messages);
        return this;
    }

    public EventBuilder system(String content) {
        return message("system", content);
    }

    public EventBuilder developer(String content) {
        return message("developer", content);
    }

    public EventBuilder user(String content) {
        return message("user", content);
    }

    public EventBuilder assistant(String content) {
        return message("assistant", content);
    }

    public EventBuilder tool(String content) {
        return message("tool", content);
    }

    /** Sets the completion prompt; the endpoint becomes {@code completions} unless set explicitly. */
    public EventBuilder prompt(String prompt) {
        this.prompt = Objects.requireNonNull(prompt, "prompt");
        if (!endpointSet) {
            this.endpoint = Endpoint.COMPLETIONS;
        }
        return this;
    }

    public EventBuilder temperature(double temperature) {
        this.temperature = temperature;
        return this;
    }

    public EventBuilder topP(double topP) {
        this.topP = topP;
        return this;
    }

    public EventBuilder maxTokens(int maxTokens) {
        this.maxTokens = maxTokens;
        return this;
    }

    public EventBuilder n(int n) {
        this.n = n;
        return this;
    }

    public EventBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public EventBuilder logprobs(boolean logprobs) {
        this.logprobs = logprobs;
        return this;
    }

    public EventBuilder topLogprobs(int topLogprobs) {
        this.topLogprobs = topLogprobs;
        return this;
    }

    /** Replaces the whole logit bias map. */
    public EventBuilder logitBias(Map<Integer, Double> bias) {
        this.logitBias.clear();
        this.logitBias.putAll(bias);
        return this;
    }

    /** Adds (or replaces) the bias of one token. */
    public EventBuilder bias(int tokenId, double value) {
        this.logitBias.put(tokenId, value);
        return this;
    }

    public EventBuilder stream(boolean stream) {
        this.stream = stream;
        return this;
    }

    /** HTTP status of the response. */
    public EventBuilder status(int status) {
        this.status = status;
        return this;
    }

    public EventBuilder responseText(String text) {
        this.responseText = text;
        return this;
    }

    public EventBuilder tokenIds(int... tokenIds) {
        this.tokenIds = tokenIds == null ? null : tokenIds.clone();
        return this;
    }

    public EventBuilder finishReason(String finishReason) {
        this.finishReason = finishReason;
        return this;
    }

    public EventBuilder promptTokens(int promptTokens) {
        this.promptTokens = promptTokens;
        return this;
    }

    public EventBuilder completionTokens(int completionTokens) {
        this.completionTokens = completionTokens;
        return this;
    }

    public EventBuilder reasoningTokens(int reasoningTokens) {
        this.reasoningTokens = reasoningTokens;
        return this;
    }

    public EventBuilder latencyMs(long latencyMs) {
        this.latencyMs = latencyMs;
        return this;
    }

    /**
     * Adds an unknown top-level field, as a newer producer would send it.
     *
     * @throws IllegalArgumentException when {@code name} is a contract field
     */
    public EventBuilder extension(String name, JsonNode value) {
        if (CONTRACT_FIELDS.contains(name)) {
            throw new IllegalArgumentException(name + " is a contract field, not an extension");
        }
        extensions.put(name, Objects.requireNonNull(value, "value"));
        return this;
    }

    /** The event as configured so far; the builder stays usable. */
    public InferenceEvent build() {
        List<Message> input = messages == null && prompt == null
                ? List.of(new Message("user", "hello"))
                : messages;
        InferenceRequest request = new InferenceRequest(input, prompt, temperature, topP,
                maxTokens, n, seed, logprobs, topLogprobs, logitBias, stream);
        InferenceResponse response = new InferenceResponse(status, responseText,
                tokenIds == null ? null : tokenIds.clone(), finishReason, promptTokens,
                completionTokens, reasoningTokens, latencyMs);
        return new InferenceEvent(eventId, tsMillis, clientId, orgId, ip, userAgent,
                tlsFingerprint, paymentFingerprint, endpoint, model, request, response,
                extensions);
    }
}
