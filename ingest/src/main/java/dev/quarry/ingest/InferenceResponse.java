package dev.quarry.ingest;

import java.util.Arrays;

/**
 * The {@code response} object of an inference event (contract v1). Optional numbers are null
 * when absent.
 *
 * @param tokenIds output token ids, or null when the endpoint does not log them. The array is
 *     owned by this record; callers must not modify it.
 */
public record InferenceResponse(
        int status,
        String text,
        int[] tokenIds,
        String finishReason,
        Integer promptTokens,
        Integer completionTokens,
        Integer reasoningTokens,
        Long latencyMs) {

    @Override
    public boolean equals(Object o) {
        return o instanceof InferenceResponse r
                && status == r.status
                && java.util.Objects.equals(text, r.text)
                && Arrays.equals(tokenIds, r.tokenIds)
                && java.util.Objects.equals(finishReason, r.finishReason)
                && java.util.Objects.equals(promptTokens, r.promptTokens)
                && java.util.Objects.equals(completionTokens, r.completionTokens)
                && java.util.Objects.equals(reasoningTokens, r.reasoningTokens)
                && java.util.Objects.equals(latencyMs, r.latencyMs);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(status, text, Arrays.hashCode(tokenIds), finishReason,
                promptTokens, completionTokens, reasoningTokens, latencyMs);
    }

    @Override
    public String toString() {
        return "InferenceResponse[status=" + status + ", finishReason=" + finishReason
                + ", completionTokens=" + completionTokens + ", tokenIds="
                + (tokenIds == null ? "null" : tokenIds.length + " ids") + "]";
    }
}
