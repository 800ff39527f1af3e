package dev.quarry.dashboard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.ReplaySettings;
import dev.quarry.detectors.config.PeersConfig;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    void deadLettersComeInReadOrderWhateverTheNumberOfWorkers() throws Exception {
        List<Path> files = List.of(EXAMPLES.resolve("invalid.jsonl"), EXAMPLES.resolve("valid.jsonl"));
        QuarryConfiguration one = bundled();
        one.kafka().replay().workers(1);
        QuarryConfiguration three = bundled();
        three.kafka().replay().workers(3);

        ReplayRun.Result r1 = new ReplayRun(one, line -> { }).run(files);
        ReplayRun.Result r3 = new ReplayRun(three, line -> { }).run(files);

        assertEquals(7, r3.deadLetters().size());
        assertEquals(withoutObservedAt(r1.deadLetters()), withoutObservedAt(r3.deadLetters()));
        assertEquals(r1.validEvents(), r3.validEvents());
    }

    @Test
    void windowsEndAtEachHourPlusGraceAndAlsoAtTheReadLagWhenItIsShorter() {
        long h = Duration.ofHours(1).toMillis();
        long m = Duration.ofMinutes(1).toMillis();
        long t0 = 480_000 * h;
        PeersConfig peers = new PeersConfig().grace(Duration.ofMinutes(5)).readLag(Duration.ofHours(1));
        assertEquals(t0 + 5 * m, DirectReplay.windowEnd(t0 + 3 * m, peers));
        assertEquals(t0 + h + 5 * m, DirectReplay.windowEnd(t0 + 5 * m, peers));

        peers.readLag(Duration.ofMinutes(20));
        assertEquals(t0 + 25 * m, DirectReplay.windowEnd(t0 + 10 * m, peers));
        assertEquals(t0 + h + 5 * m, DirectReplay.windowEnd(t0 + 30 * m, peers));
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

    /** Dead letters without their wall-clock time of processing. */
    private static List<String> withoutObservedAt(List<String> deadLetters) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        for (String d : deadLetters) {
            ObjectNode letter = (ObjectNode) json.readTree(d);
            letter.remove("observed_at");
            out.add(letter.toString());
        }
        return out;
    }

    private static QuarryConfiguration bundled() throws Exception {
        QuarryApplication app = new QuarryApplication();
        Bootstrap<QuarryConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        return ReplayCommand.loadConfig(bootstrap, null);
    }
}
