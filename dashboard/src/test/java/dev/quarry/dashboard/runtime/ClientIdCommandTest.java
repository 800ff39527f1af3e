package dev.quarry.dashboard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.detectors.config.PrivacyConfig;
import dev.quarry.detectors.privacy.Privacy;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.core.setup.Bootstrap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientIdCommandTest {
    private static final String SECRET = "0123456789abcdef-secret";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ClientIdCommand command(String stdin) {
        return new ClientIdCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static QuarryConfiguration load(Path yaml) throws Exception {
        QuarryApplication app = new QuarryApplication();
        Bootstrap<QuarryConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        return ReplayCommand.loadConfig(bootstrap, yaml.toString());
    }

    @Test
    void printsOneIdPerKeyAndNeitherTheKeysNorTheSecret(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("c.yml"), "privacy:\n  clientIdHmacSecret: " + SECRET + "\n");
        Privacy privacy = Privacy.of(load(yaml).privacy());
        assertEquals(2, command("key_7f3a\n\nkey_9c1e\n").run(privacy));
        String printed = out.toString(StandardCharsets.UTF_8);
        // printf %s key_7f3a | openssl dgst -sha256 -hmac 0123456789abcdef-secret
        assertEquals(List.of("2d3bb745db8aa3166635baedbb9a313a4c65e84235d8e2782ef4772a1e55327f",
                Privacy.of(new PrivacyConfig().clientIdHmacSecret(SECRET)).clientId("key_9c1e")), printed.lines().toList());
        assertFalse(printed.contains("key_") || printed.contains(SECRET));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutASecretSaysTheIdsAreTheKeys() throws Exception {
        command("key_7f3a\n").run(Privacy.none());
        assertEquals("key_7f3a", out.toString(StandardCharsets.UTF_8).trim());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("privacy.clientIdHmacSecret is empty"));
    }

    @Test
    void aShortSecretIsRefusedWithoutEchoingIt(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("c.yml"), "privacy:\n  clientIdHmacSecret: short-secret\n");
        ConfigurationValidationException e = assertThrows(ConfigurationValidationException.class, () -> load(yaml));
        assertTrue(e.getMessage().contains("privacy.clientIdHmacSecret must be empty or at least 16 characters"),
                e.getMessage());
        assertFalse(e.getMessage().contains("short-secret"), e.getMessage());
    }
}
