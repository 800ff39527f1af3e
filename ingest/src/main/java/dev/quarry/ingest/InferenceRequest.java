package dev.quarry.ingest;

import java.util.List;
import java.util.SortedMap;

/**
 * The {@code request} object of an inference event (contract v1). Optional numbers are null when
 * absent. Exactly as logged: no defaults are filled in, so "absent" and "explicit default" stay
 * distinguishable for detectors.
 *
 * @param messages chat input, or null when the call used {@code prompt}
 * @param prompt plain-completion input, or null
 * @param logitBias token id to bias in [-100, 100]; empty when absent; sorted by token id
 */
public record InferenceRequest(
        List<Message> messages,
        String prompt,
        Double temperature,
        Double topP,
        Integer maxTokens,
        Integer n,
        Long seed,
        Boolean logprobs,
        Integer topLogprobs,
        SortedMap<Integer, Double> logitBias,
        Boolean stream) {

    public InferenceRequest {
        messages = messages == null ? null : List.copyOf(messages);
        logitBias = logitBias == null
                ? java.util.Collections.emptySortedMap()
                : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(logitBias));
    }

    /**
     * The text the client asked about: the last user message of a chat, else the prompt, else the
     * last message of any role. Never null.
     */
    public String userText() {
        if (messages != null && !messages.isEmpty()) {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i).isUser()) {
                    return messages.get(i).content();
                }
            }
            return messages.get(messages.size() - 1).content();
        }
        return prompt == null ? "" : prompt;
    }

    /** The concatenated system (and developer) messages, or the empty string. */
    public String systemText() {
        if (messages == null) {
            return "";
        }
        // Most requests have one system message or none: its text as it is, not a copy (several
        // detectors ask for it on every event, and hash it).
        Message only = null;
        int systems = 0;
        for (Message m : messages) {
            if (m.isSystem()) {
                only = m;
                systems++;
            }
        }
        if (systems == 0) {
            return "";
        }
        if (systems == 1) {
            return only.content();
        }
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) {
            if (m.isSystem()) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(m.content());
            }
        }
        return sb.toString();
    }

    /** True when log-probabilities were asked for, through {@code logprobs} or {@code top_logprobs}. */
    public boolean wantsLogprobs() {
        return Boolean.TRUE.equals(logprobs) || (topLogprobs != null && topLogprobs > 0);
    }
}
