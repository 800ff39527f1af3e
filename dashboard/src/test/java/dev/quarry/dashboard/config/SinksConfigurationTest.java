package dev.quarry.dashboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.sink.SinkSettings;
import dev.quarry.dashboard.sink.SinkType;
import dev.quarry.detectors.alert.Severity;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationValidationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code sinks:} section as {@code quarry check} loads it: off by default, each type needs its
 * keys, URLs are https unless loopback, secrets are not unset {@code ${VAR}} placeholders, names
 * are unique; violations name the key and never quote a URL or a secret.
 */
class SinksConfigurationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConfigurationKeys config = new ConfigurationKeys();

    @Test
    void noSinkRunsByDefault() throws Exception {
        QuarryConfiguration loaded = config.load(config.configYml());

        assertEquals(List.of(), loaded.sinks().destinations());
        assertEquals("quarry-sink-", loaded.sinks().groupPrefix());
        assertEquals("quarry.sinks.dlq", loaded.sinks().deadLetterTopic());
    }

    @Test
    void loadsOneSinkOfEachTypeWithDefaults() throws Exception {
        QuarryConfiguration loaded = load(
                "{\"name\": \"soc\", \"type\": \"webhook\", \"url\": \"https://soc.example.com/q\", \"secret\": \"k3y-value\"}",
                "{\"name\": \"chat\", \"type\": \"slack\", \"url\": \"https://hooks.slack.com/services/T/B/x\"}",
                "{\"name\": \"oncall\", \"type\": \"pagerduty\", \"secret\": \"routing\", \"minSeverity\": \"high\"}",
                "{\"name\": \"siem\", \"type\": \"ocsf\", \"topic\": \"quarry.ocsf\", \"minSeverity\": \"low\"}");

        List<SinkSettings> sinks = loaded.sinks().destinations();
        assertEquals(List.of(SinkType.WEBHOOK, SinkType.SLACK, SinkType.PAGERDUTY, SinkType.OCSF),
                sinks.stream().map(SinkSettings::type).toList());
        SinkSettings webhook = sinks.get(0);
        assertEquals(Severity.MEDIUM, webhook.minSeverity());
        assertEquals(6, webhook.maxAttempts());
        assertEquals(Duration.ofSeconds(1), webhook.baseDelay());
        assertEquals(Duration.ofSeconds(30), webhook.maxDelay());
        assertEquals(Duration.ofSeconds(10), webhook.timeout());
        assertEquals("latest", webhook.startFrom());
        assertEquals(SinkSettings.PAGERDUTY_EVENTS_URL, sinks.get(2).endpoint());
        assertEquals(Severity.HIGH, sinks.get(2).minSeverity());
        assertEquals("quarry-sink-siem", loaded.sinks().groupOf(sinks.get(3)));
    }

    @Test
    void plainHttpIsAllowedToLoopbackOnly() throws Exception {
        for (String url : List.of("http://127.0.0.1:9000/q", "http://localhost/q", "http://[::1]:8080/q")) {
            load("{\"name\": \"soc\", \"type\": \"webhook\", \"url\": \"" + url + "\", \"secret\": \"k\"}");
        }
        String violation = refused("{\"name\": \"soc\", \"type\": \"webhook\", \"url\": \"http://soc.example.com/path-secret\","
                + " \"secret\": \"k\"}");
        assertTrue(violation.contains("sinks.destinations[0].url must be https (http only to a loopback host)"), violation);
        assertFalse(violation.contains("path-secret"), violation);
    }

    @Test
    void aWebhookNeedsAUrlAndASecret() throws Exception {
        String violation = refused("{\"name\": \"soc\", \"type\": \"webhook\"}");

        assertTrue(violation.contains("sinks.destinations[0].url is empty"), violation);
        assertTrue(violation.contains("sinks.destinations[0].secret is empty"), violation);
    }

    @Test
    void anUnsetEnvironmentVariableIsNoSecretAndTheSecretIsNotQuoted() throws Exception {
        String violation = refused("{\"name\": \"soc\", \"type\": \"webhook\", \"url\": \"https://soc.example.com/q\","
                + " \"secret\": \"${QUARRY_NO_SUCH_VARIABLE}\"}");

        assertTrue(violation.contains("sinks.destinations[0].secret is a ${VAR} placeholder"), violation);
        assertFalse(violation.contains("QUARRY_NO_SUCH_VARIABLE"), violation);
    }

    @Test
    void anOcsfSinkNeedsATopicOrAFile() throws Exception {
        String violation = refused("{\"name\": \"siem\", \"type\": \"ocsf\"}");

        assertTrue(violation.contains("sinks.destinations[0].topic and file are both empty"), violation);
    }

    @Test
    void namesAreUnique() throws Exception {
        String violation = refused("{\"name\": \"siem\", \"type\": \"ocsf\", \"file\": \"a.jsonl\"}",
                "{\"name\": \"siem\", \"type\": \"ocsf\", \"file\": \"b.jsonl\"}");

        assertTrue(violation.contains("sinks.destinations[1].name is siem, the name of an earlier sink"), violation);
    }

    @Test
    void theLongestWaitIsNotBelowTheFirst() throws Exception {
        String violation = refused("{\"name\": \"siem\", \"type\": \"ocsf\", \"file\": \"a.jsonl\", \"baseDelay\": \"PT10S\","
                + " \"maxDelay\": \"PT5S\"}");

        assertTrue(violation.contains("sinks.destinations[0].maxDelay must not be below baseDelay (PT10S)"), violation);
    }

    @Test
    void anUnknownTypeIsRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> load("{\"name\": \"x\", \"type\": \"teams\", \"url\": \"https://x.example.com\"}"));

        assertTrue(e.getMessage().contains("unknown sink type 'teams'"), e.getMessage());
    }

    @Test
    void theWaitDoublesAfterEachFailureUpToTheCap() {
        SinkSettings s = new SinkSettings().baseDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(5));

        assertEquals(List.of(1L, 2L, 4L, 5L, 5L), List.of(1, 2, 3, 4, 40).stream()
                .map(a -> s.delayAfter(a).toSeconds()).toList());
    }

    private QuarryConfiguration load(String... sinks) throws Exception {
        ObjectNode tree = config.configYml();
        ArrayNode list = JSON.createArrayNode();
        for (String sink : sinks) {
            list.add(JSON.readTree(sink));
        }
        ConfigurationKeys.set(tree, "sinks.destinations", list);
        return config.load(tree);
    }

    private String refused(String... sinks) {
        return assertThrows(ConfigurationValidationException.class, () -> load(sinks)).getMessage();
    }
}
