package dev.quarry.corpora.archetype;

import dev.quarry.ingest.InferenceRequest;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SortedMap;

/** A request being put together; absent fields stay absent (null). Not thread-safe. */
final class RequestDraft {
    private List<Message> messages;
    private String prompt;
    private Double temperature;
    private Double topP;
    private Integer n;
    private Long seed;
    private Integer maxTokens;
    private Boolean logprobs;
    private Integer topLogprobs;
    private SortedMap<Integer, Double> logitBias;
    private Boolean stream;

    RequestDraft messages(List<Message> messages) {
        this.messages = messages;
        return this;
    }

    RequestDraft prompt(String prompt) {
        this.prompt = prompt;
        return this;
    }

    RequestDraft temperature(Double temperature) {
        this.temperature = temperature;
        return this;
    }

    RequestDraft topP(Double topP) {
        this.topP = topP;
        return this;
    }

    RequestDraft n(Integer n) {
        this.n = n;
        return this;
    }

    RequestDraft seed(Long seed) {
        this.seed = seed;
        return this;
    }

    RequestDraft maxTokens(Integer maxTokens) {
        this.maxTokens = maxTokens;
        return this;
    }

    RequestDraft logprobs(Integer topLogprobs) {
        this.logprobs = Boolean.TRUE;
        this.topLogprobs = topLogprobs;
        return this;
    }

    RequestDraft logitBias(SortedMap<Integer, Double> logitBias) {
        this.logitBias = logitBias;
        return this;
    }

    RequestDraft stream(Boolean stream) {
        this.stream = stream;
        return this;
    }

    InferenceRequest build() {
        return new InferenceRequest(messages, prompt, temperature, topP, maxTokens, n, seed, logprobs,
                topLogprobs, logitBias, stream);
    }
}
