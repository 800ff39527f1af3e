package dev.quarry.dashboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.auth.ApiTokens;
import dev.quarry.dashboard.auth.AuthSettings;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.runtime.ReplayCommand;
import dev.quarry.detectors.config.DetectionConfig;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bundled configuration loads and validates as {@code demo} and {@code replay} load it, and the
 * YAML binds launches and allow lists. That {@code config.yml} states the code's defaults is
 * {@link ConfigurationReferenceTest}'s concern.
 */
class ConfigurationFilesTest {
    private final ObjectMapper mapper = Jackson.newObjectMapper();
    private final Bootstrap<QuarryConfiguration> bootstrap = bootstrap();

    private static Bootstrap<QuarryConfiguration> bootstrap() {
        QuarryApplication app = new QuarryApplication();
        Bootstrap<QuarryConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        return bootstrap;
    }

    private QuarryConfiguration load(String path) throws Exception {
        return ReplayCommand.loadConfig(bootstrap, path);
    }

    @Test
    void bundledDemoConfigUsesAnEmbeddedBrokerAndTemporaryDirectories() throws Exception {
        QuarryConfiguration config = load("quarry-demo.yml");
        assertTrue(config.kafka().embedded());
        assertEquals("", config.alertStore().dir());
        assertEquals("exactly_once_v2", config.kafka().processingGuarantee());
    }

    @Test
    void theAdminPortListensOnLoopbackInTheShippedFilesAndByDefault() throws Exception {
        for (QuarryConfiguration config : List.of(load("quarry-demo.yml"), load("../config.yml"), new QuarryConfiguration())) {
            DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
            assertEquals("127.0.0.1", ((HttpConnectorFactory) server.getAdminConnectors().get(0)).getBindHost());
            assertEquals(null, ((HttpConnectorFactory) server.getApplicationConnectors().get(0)).getBindHost());
        }
    }

    @Test
    void bindsTokensGivenAsObjectsOrAsOneStringEach() throws Exception {
        String hash = ApiTokens.sha256Hex("a-token");
        AuthSettings objects = mapper.readValue("{\"tokens\": [{\"name\": \"soc\", \"role\": \"analyst\", "
                + "\"sha256\": \"" + hash + "\"}]}", AuthSettings.class);
        AuthSettings strings = mapper.readValue("{\"tokens\": [\"soc:analyst:" + hash + "\"]}", AuthSettings.class);

        for (AuthSettings auth : List.of(objects, strings)) {
            assertEquals("soc", auth.tokens().get(0).name());
            assertEquals(Role.ANALYST, auth.tokens().get(0).role());
            assertEquals(hash, auth.tokens().get(0).sha256());
        }
    }

    @Test
    void bindsAModelLaunchWithItsTimeAndAnAllowList() throws Exception {
        DetectionConfig d = mapper.readValue("{\"launchPivot\": {\"launches\": [{\"model\": \"orion-2\", "
                + "\"ts\": \"2026-11-21T16:00:00Z\"}]}, \"fusion\": {\"allowList\": {\"allowedOrgs\": [\"org_evals\"]}}}",
                DetectionConfig.class);
        assertEquals(java.time.Instant.parse("2026-11-21T16:00:00Z"), d.launchPivot().launches().get(0).ts());
        assertEquals(java.util.List.of("org_evals"), d.fusion().allowList().allowedOrgs());
        assertTrue(d.fusion().allowList().allowedClients().isEmpty());
    }
}
