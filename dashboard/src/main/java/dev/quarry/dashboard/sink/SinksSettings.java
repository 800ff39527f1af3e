package dev.quarry.dashboard.sink;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sinks:} section: where alert versions go besides the alert service, each sink with
 * its own consumer group on the alerts topic so that one that is down delays no other. Off while
 * {@code destinations} is empty, the default. Mutable bean bound from YAML and validated when
 * loaded ({@link ValidSinks} checks what each type needs); not thread-safe.
 */
@ValidSinks
public class SinksSettings {
    public static final String DEFAULT_GROUP_PREFIX = "quarry-sink-";
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "quarry.sinks.dlq";

    /**
     * Each sink reads the alerts topic in the consumer group of this prefix and its name, and
     * commits there what it delivered. Default {@value #DEFAULT_GROUP_PREFIX}.
     */
    @NotBlank
    @JsonProperty
    private String groupPrefix = DEFAULT_GROUP_PREFIX;

    /**
     * Alert versions a sink gave up on (attempts used up, or refused) and unreadable records of the
     * alerts topic, with the sink, the reason and the source offset. Default {@value #DEFAULT_DEAD_LETTER_TOPIC}.
     */
    @NotBlank
    @JsonProperty
    private String deadLetterTopic = DEFAULT_DEAD_LETTER_TOPIC;

    /** The sinks; empty (the default): no sink runs. */
    @Valid
    @NotNull
    @JsonProperty
    private List<SinkSettings> destinations = new ArrayList<>();

    public String groupPrefix() {
        return groupPrefix;
    }

    public SinksSettings groupPrefix(String groupPrefix) {
        this.groupPrefix = groupPrefix;
        return this;
    }

    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    public SinksSettings deadLetterTopic(String deadLetterTopic) {
        this.deadLetterTopic = deadLetterTopic;
        return this;
    }

    public List<SinkSettings> destinations() {
        return destinations;
    }

    public SinksSettings destinations(List<SinkSettings> destinations) {
        this.destinations = destinations;
        return this;
    }

    /** The consumer group of a sink. */
    public String groupOf(SinkSettings sink) {
        return groupPrefix + sink.name();
    }
}
