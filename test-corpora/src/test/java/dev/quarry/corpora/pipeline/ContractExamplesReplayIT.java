package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.ingest.DeadLetter;
import dev.quarry.ingest.DeadLetterJson;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quarry replay} on the event contract's own example files, through the real command line
 * (the same {@link Cli} that {@code bin/quarry} runs) and an embedded broker: valid lines raise
 * nothing, each invalid line becomes exactly one dead letter with its own reason and line number.
 */
class ContractExamplesReplayIT {

    /** The shared contract when this checkout sits beside it, else the copy the ingest tests keep. */
    private static Path examples() {
        Path shared = Path.of("..", "..", "shared", "contracts", "examples");
        return Files.isDirectory(shared) ? shared : Path.of("..", "ingest", "src", "test", "resources", "contract");
    }

    @Test
    void replaysContractExamplesIntoDeadLettersWithDistinctReasonsAndNoAlerts(@TempDir Path out) throws Exception {
        Path valid = examples().resolve("valid.jsonl");
        Path invalid = examples().resolve("invalid.jsonl");
        Path alerts = out.resolve("alerts.jsonl");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        QuarryApplication app = new QuarryApplication();
        Bootstrap<QuarryConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        PrintStream printed = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream previous = System.out;
        Optional<Throwable> failure;
        System.setOut(printed);
        try {
            failure = new Cli(new JarLocation(getClass()), bootstrap, printed, System.err)
                    .run("replay", valid.toString(), invalid.toString(), "--alerts-out", alerts.toString());
        } finally {
            System.setOut(previous);
        }
        assertTrue(failure.isEmpty(), () -> "replay failed: " + failure);

        assertEquals(List.of(), Files.readAllLines(alerts), "no alerts from the contract examples");
        List<DeadLetter> dead = Files.readAllLines(out.resolve("dead-letters.jsonl")).stream()
                .map(DeadLetterJson::fromJson).toList();
        assertEquals(7, dead.size(), dead::toString);
        Set<String> reasons = dead.stream().map(DeadLetter::reason).collect(Collectors.toSet());
        assertEquals(7, reasons.size(), "each invalid line has its own reason: " + reasons);
        assertTrue(reasons.contains("missing event_id"));
        assertTrue(reasons.contains("ts: not RFC 3339 or epoch millis"));
        assertTrue(reasons.contains("request.logit_bias: key 'abc' is not a token id"));
        Set<String> sources = dead.stream().map(DeadLetter::source).collect(Collectors.toSet());
        for (int line = 1; line <= 7; line++) {
            assertTrue(sources.contains("invalid.jsonl:" + line), "source of line " + line + " in " + sources);
        }
        String summary = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("events valid      3"), summary);
        assertTrue(summary.contains("invalid           7"), summary);
    }
}
