package dev.quarry.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.FormatOptions;
import dev.quarry.ingest.LiteLlmFormat;
import dev.quarry.ingest.OpenAiPairFormat;
import dev.quarry.ingest.OtlpTraceFormat;
import dev.quarry.ingest.RecordFormats;
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

        public Formats litellm(LiteLlm litellm) {
            this.litellm = litellm;
            return this;
        }

        public Formats otlp(Otlp otlp) {
            this.otlp = otlp;
            return this;
        }

        public Formats openai(OpenAi openai) {
            this.openai = openai;
            return this;
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

        public String logitBiasAttribute() {
            return logitBiasAttribute;
        }

        public Otlp logitBiasAttribute(String logitBiasAttribute) {
            this.logitBiasAttribute = logitBiasAttribute;
            return this;
        }

        public String logprobsAttribute() {
            return logprobsAttribute;
        }

        public Otlp logprobsAttribute(String logprobsAttribute) {
            this.logprobsAttribute = logprobsAttribute;
            return this;
        }

        public String topLogprobsAttribute() {
            return topLogprobsAttribute;
        }

        public Otlp topLogprobsAttribute(String topLogprobsAttribute) {
            this.topLogprobsAttribute = topLogprobsAttribute;
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

        public String eventIdField() {
            return eventIdField;
        }

        public OpenAi eventIdField(String eventIdField) {
            this.eventIdField = eventIdField;
            return this;
        }

        public String timeField() {
            return timeField;
        }

        public String clientIdField() {
            return clientIdField;
        }

        public String orgIdField() {
            return orgIdField;
        }

        public OpenAi orgIdField(String orgIdField) {
            this.orgIdField = orgIdField;
            return this;
        }

        public String ipField() {
            return ipField;
        }

        public OpenAi ipField(String ipField) {
            this.ipField = ipField;
            return this;
        }

        public String userAgentField() {
            return userAgentField;
        }

        public OpenAi userAgentField(String userAgentField) {
            this.userAgentField = userAgentField;
            return this;
        }

        public String endpointField() {
            return endpointField;
        }

        public OpenAi endpointField(String endpointField) {
            this.endpointField = endpointField;
            return this;
        }

        public String statusField() {
            return statusField;
        }

        public OpenAi statusField(String statusField) {
            this.statusField = statusField;
            return this;
        }

        public String latencyMsField() {
            return latencyMsField;
        }

        public OpenAi latencyMsField(String latencyMsField) {
            this.latencyMsField = latencyMsField;
            return this;
        }

        public String requestField() {
            return requestField;
        }

        public OpenAi requestField(String requestField) {
            this.requestField = requestField;
            return this;
        }

        public String responseField() {
            return responseField;
        }

        public OpenAi responseField(String responseField) {
            this.responseField = responseField;
            return this;
        }
    }
}
