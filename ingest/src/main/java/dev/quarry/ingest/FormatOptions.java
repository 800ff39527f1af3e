package dev.quarry.ingest;

import java.util.Objects;

/**
 * The options of the converting formats, from the {@code ingest.formats} section of the
 * configuration. Immutable.
 *
 * @param litellmClientIdField where a LiteLLM payload's client id is, one of {@link LiteLlmFormat#CLIENT_ID_FIELDS}
 * @param otlp the OTLP attributes read beside the GenAI semantic conventions
 * @param openai where the parts of an OpenAI request/response pair are
 */
public record FormatOptions(String litellmClientIdField, OtlpTraceFormat.Attributes otlp,
        OpenAiPairFormat.Fields openai) {
    public FormatOptions {
        Objects.requireNonNull(litellmClientIdField, "litellmClientIdField");
        Objects.requireNonNull(otlp, "otlp");
        Objects.requireNonNull(openai, "openai");
        if (!LiteLlmFormat.CLIENT_ID_FIELDS.contains(litellmClientIdField)) {
            throw new IllegalArgumentException("litellm clientIdField must be one of "
                    + new java.util.TreeSet<>(LiteLlmFormat.CLIENT_ID_FIELDS) + ": " + litellmClientIdField);
        }
    }

    /** Every format with its defaults. */
    public static FormatOptions defaults() {
        return new FormatOptions(LiteLlmFormat.DEFAULT_CLIENT_ID_FIELD, OtlpTraceFormat.Attributes.defaults(),
                OpenAiPairFormat.Fields.defaults());
    }
}
