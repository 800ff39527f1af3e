package dev.quarry.corpora.pipeline;

import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.auth.TestTokens;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The real application on the bundled demo configuration (embedded broker) for integration
 * tests: every port chosen by the system, the alert store under a test's directory, and
 * {@link TestTokens}' token of every role. Also the waiting and the temporary directory those
 * tests share.
 */
final class DemoApps {
    private DemoApps() {}

    /** The application, with {@code extra} overrides after the common ones. */
    static DropwizardAppExtension<QuarryConfiguration> demo(Path dir, ConfigOverride... extra) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("collector.port", "0"),
                ConfigOverride.config("alertStore.dir", dir.resolve("alerts").toString()),
                ConfigOverride.config("auth.tokens", TestTokens.configOverride())));
        overrides.addAll(List.of(extra));
        return new DropwizardAppExtension<>(QuarryApplication.class, "quarry-demo.yml",
                overrides.toArray(ConfigOverride[]::new));
    }

    /** A new temporary directory, for a test class's static fields. */
    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} every 200 ms until it holds; fails naming {@code what} after {@code timeout}. */
    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(200);
        }
    }
}
