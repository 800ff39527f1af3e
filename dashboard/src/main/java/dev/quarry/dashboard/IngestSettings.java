package dev.quarry.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.FormatOptions;
import dev.quarry.ingest.LiteLlmFormat;
import dev.quarry.ingest.OpenAiPairFormat;
import dev.quarry.ingest.OtlpTraceFormat;
import dev.quarry.ingest.RecordFormats;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ingest:} section: the options of the log formats Quarry converts into the event
 * contract ({@code ingest.formats.litellm}, {@code .otlp}, {@code .openai}); docs/formats.md has
 * each format's mapping. Mutable bean bound from YAML and validated when loaded ({@code bin/quarry
 * check} reports a bad option by its key).
 */
public class IngestSettings {
    @Valid
    @NotNull
    @JsonProperty
    private Formats formats = new Formats();

    public Formats formats() {
        return formats;
    }

    public IngestSettings formats(Formats formats) {
        this.formats = formats;
        return this;
    }

    /** Every format, built with these options around one contract parser. */
    public RecordFormats recordFormats(EventParser parser) {
        return new RecordFormats(parser, formats.options());
    }

    /** {@code ingest.formats}. */
    public static class Formats {
        @Valid
        @NotNull
        @JsonProperty
        private LiteLlm litellm = new LiteLlm();
        @Valid
        @NotNull
        @JsonProperty
        private Otlp otlp = new Otlp();
        @Valid
        @NotNull
        @JsonProperty
        private OpenAi openai = new OpenAi();

        public LiteLlm litellm() {
            return litellm;
        }

        public Otlp otlp() {
            return otlp;
        }

        public OpenAi openai() {
            return openai;
        }

        /** The options as the formats take them. */
        public FormatOptions options() {
            return new FormatOptions(litellm.clientIdField,
                    new OtlpTraceFormat.Attributes(otlp.clientIdAttributes, otlp.logitBiasAttribute,
                            otlp.logprobsAttribute, otlp.topLogprobsAttribute),
                    new OpenAiPairFormat.Fields(openai.eventIdField, openai.timeField, openai.clientIdField,
                            openai.orgIdField, openai.ipField, openai.userAgentField, openai.endpointField,
                            openai.statusField, openai.latencyMsField, openai.requestField, openai.responseField));
        }
    }

    /** {@code ingest.formats.litellm}. */
    public static class LiteLlm {
        /**
         * The payload field holding the client id: {@code user_api_key_hash},
         * {@code user_api_key_alias} or {@code user_api_key_user_id} (under {@code metadata}), or
         * {@code end_user}. Default {@value LiteLlmFormat#DEFAULT_CLIENT_ID_FIELD}.
         */
        @NotNull
        @Pattern(regexp = "user_api_key_hash|user_api_key_alias|user_api_key_user_id|end_user",
                message = "must be user_api_key_hash, user_api_key_alias, user_api_key_user_id or end_user")
        @JsonProperty
        private String clientIdField = LiteLlmFormat.DEFAULT_CLIENT_ID_FIELD;

        public String clientIdField() {
            return clientIdField;
        }

        public LiteLlm clientIdField(String clientIdField) {
            this.clientIdField = clientIdField;
            return this;
        }
    }

    /** {@code ingest.formats.otlp}: attributes read beside the GenAI semantic conventions. */
    public static class Otlp {
        /** The client id is the first of these attributes present (span, then resource). Default user.id, enduser.id. */
        @NotEmpty
        @JsonProperty
        private List<@NotBlank String> clientIdAttributes =
                new ArrayList<>(OtlpTraceFormat.Attributes.defaults().clientIdAttributes());
        /** Token id to bias, a JSON object string. Default gen_ai.request.logit_bias. */
        @NotBlank
        @JsonProperty
        private String logitBiasAttribute = OtlpTraceFormat.Attributes.defaults().logitBias();
        /** Whether log-probabilities were asked for, a boolean. Default gen_ai.request.logprobs. */
        @NotBlank
        @JsonProperty
        private String logprobsAttribute = OtlpTraceFormat.Attributes.defaults().logprobs();
        /** Alternatives per position, an integer. Default gen_ai.request.top_logprobs. */
        @NotBlank
        @JsonProperty
        private String topLogprobsAttribute = OtlpTraceFormat.Attributes.defaults().topLogprobs();

        public List<String> clientIdAttributes() {
            return clientIdAttributes;
        }

        public Otlp clientIdAttributes(List<String> clientIdAttributes) {
            this.clientIdAttributes = clientIdAttributes;
            return this;
        }
    }

    /**
     * {@code ingest.formats.openai}: where the parts of a request/response pair are, each a field
     * name or a dotted path ({@code meta.key_id}).
     */
    public static class OpenAi {
        private static final String PATH = "[^.\\s]+(\\.[^.\\s]+)*";
        private static final String PATH_MESSAGE = "must be a field name or dotted field names";
        private static final OpenAiPairFormat.Fields DEFAULTS = OpenAiPairFormat.Fields.defaults();

        @NotNull @Pattern(regexp = PATH, message = PATH_MESSAGE) @JsonProperty
        private String eventIdField = DEFAULTS.eventId();
        @NotNull @Pattern(regexp = PATH, message = PATH_MESSAGE) @JsonProperty
        private String timeField = DEFAULTS.time();
        @NotNull @Pattern(regexp = PATH, message = PATH_MESSAGE) @JsonProperty
        private String clientIdField = DEFAULTS.clientId();
        @NotNull @Pattern(regexp = PATH, message = PATH_MESSAGE) @JsonProperty
        private String orgIdField = DEFAULTS.orgId();
        @NotNull @Pattern(regexp = PATH, message = PATH_MESSAGE) @JsonProperty
        private String ipField = DEFAULTS.ip();
        @NotNull @Pattern(regexp = PATH, message = PATH_MESSAGE) @JsonProperty
        private String userAgentField = DEFAULTS.userAgent();
        @NotNull @Pattern(regexp = PATH, message = PATH_MESSAGE) @JsonProperty
        private String endpointField = DEFAULTS.endpoint();
        @NotNull @Pattern(regexp = PATH, message = PATH_MESSAGE) @JsonProperty
        private String statusField = DEFAULTS.status();
        @NotNull @Pattern(regexp = PATH, message = PATH_MESSAGE) @JsonProperty
        private String latencyMsField = DEFAULTS.latencyMs();
        @NotNull @Pattern(regexp = PATH, message = PATH_MESSAGE) @JsonProperty
        private String requestField = DEFAULTS.request();
        @NotNull @Pattern(regexp = PATH, message = PATH_MESSAGE) @JsonProperty
        private String responseField = DEFAULTS.response();

        public OpenAi clientIdField(String clientIdField) {
            this.clientIdField = clientIdField;
            return this;
        }

        public OpenAi timeField(String timeField) {
            this.timeField = timeField;
            return this;
        }

        @ValidationMethod(message = "request and response fields must differ")
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isRequestApartFromResponse() {
            return requestField == null || !requestField.equals(responseField);
        }
    }
}
