package dev.quarry.dashboard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.ReplaySettings;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A replay in the {@code direct} engine (no broker anywhere) and the rule that picks the engine. */
class DirectReplayTest {
    private static final Path EXAMPLES = Path.of("..", "ingest", "src", "test", "resources", "contract");

    @Test
    void replaysTheContractExamplesWithoutABroker() throws Exception {
        QuarryConfiguration config = bundled();
        assertTrue(config.kafka().embedded(), "the bundled configuration names no cluster");
        assertTrue(config.kafka().replay().direct(false), "auto is direct without a cluster");

        ReplayRun.Result r = new ReplayRun(config, line -> { })
                .run(List.of(EXAMPLES.resolve("valid.jsonl"), EXAMPLES.resolve("invalid.jsonl")));

        assertEquals(10, r.linesRead());
        assertEquals(3, r.validEvents());
        assertEquals(7, r.invalidRecords());
        assertEquals(7, r.deadLetters().size());
        for (String d : r.deadLetters()) {
            JsonNode letter = new ObjectMapper().readTree(d);
            assertFalse(letter.path("reason").asText().isEmpty(), d);
            assertTrue(letter.path("source").asText().contains("invalid.jsonl:"), d);
        }
        assertEquals(List.of(), r.alerts());
    }

    @Test
    void autoIsDirectWithoutANamedClusterAndBrokerWithOne() {
        ReplaySettings replay = new ReplaySettings();
        assertEquals(ReplaySettings.ENGINE_AUTO, replay.engine());
        assertTrue(replay.direct(false));
        assertFalse(replay.direct(true));
        assertTrue(replay.engine(ReplaySettings.ENGINE_DIRECT).direct(true));
        assertFalse(replay.engine(ReplaySettings.ENGINE_BROKER).direct(false));
    }

    private static QuarryConfiguration bundled() throws Exception {
        QuarryApplication app = new QuarryApplication();
        Bootstrap<QuarryConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        return ReplayCommand.loadConfig(bootstrap, null);
    }
}
