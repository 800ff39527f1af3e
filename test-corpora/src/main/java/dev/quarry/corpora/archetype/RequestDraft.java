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
        return new InferenceRequest(messages, prompt, temperature, null, maxTokens, null, null, logprobs,
                topLogprobs, logitBias, stream);
    }
}
