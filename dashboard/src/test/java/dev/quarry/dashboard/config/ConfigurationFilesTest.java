package dev.quarry.dashboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.runtime.ClasspathOrFileSourceProvider;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.WatermarkConfig;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The shipped configuration files load, validate, and document the defaults the code uses. */
class ConfigurationFilesTest {
    private final ObjectMapper mapper = Jackson.newObjectMapper();

    private QuarryConfiguration load(String path) throws Exception {
        return new YamlConfigurationFactory<>(QuarryConfiguration.class, Validators.newValidator(), mapper, "dw")
                .build(new SubstitutingSourceProvider(new ClasspathOrFileSourceProvider(),
                        new EnvironmentVariableSubstitutor(false)), path);
    }

    @Test
    void productionConfigDocumentsExactlyTheDetectionDefaults() throws Exception {
        QuarryConfiguration config = load(Path.of("..", "config.yml").toString());
        JsonNode inFile = mapper.valueToTree(config.detection);
        JsonNode inCode = mapper.valueToTree(new DetectionConfig());
        assertEquals(inCode, inFile, "config.yml's detection section must state the code's defaults");
        assertEquals("localhost:9092", config.kafka.bootstrapServers);
        assertEquals(Severity.LOW, config.detection.fusion.minPublished);
        assertEquals(Duration.ofHours(24), config.detection.dedupHorizon);
    }

    @Test
    void productionConfigDocumentsExactlyTheWatermarkDefaults() throws Exception {
        QuarryConfiguration config = load(Path.of("..", "config.yml").toString());
        JsonNode inFile = mapper.valueToTree(config.watermark);
        JsonNode inCode = mapper.valueToTree(new WatermarkConfig());
        // the key comes from the environment, if at all
        ((com.fasterxml.jackson.databind.node.ObjectNode) inFile).remove("key");
        ((com.fasterxml.jackson.databind.node.ObjectNode) inCode).remove("key");
        assertEquals(inCode, inFile, "config.yml's watermark section must state the code's defaults");
    }

    @Test
    void bundledDemoConfigUsesAnEmbeddedBrokerAndTemporaryDirectories() throws Exception {
        QuarryConfiguration config = load("quarry-demo.yml");
        assertTrue(config.kafka.embedded());
        assertEquals("", config.alertStore.dir);
        assertEquals("exactly_once_v2", config.kafka.processingGuarantee);
    }

    @Test
    void bindsAModelLaunchWithItsTimeAndAnAllowList() throws Exception {
        DetectionConfig d = mapper.readValue("{\"launchPivot\": {\"launches\": [{\"model\": \"orion-2\", "
                + "\"ts\": \"2026-11-21T16:00:00Z\"}]}, \"fusion\": {\"allowList\": {\"allowedOrgs\": [\"org_evals\"]}}}",
                DetectionConfig.class);
        assertEquals(java.time.Instant.parse("2026-11-21T16:00:00Z"), d.launchPivot.launches.get(0).ts);
        assertEquals(java.util.List.of("org_evals"), d.fusion.allowList.allowedOrgs);
        assertTrue(d.fusion.allowList.allowedClients.isEmpty());
    }
}
