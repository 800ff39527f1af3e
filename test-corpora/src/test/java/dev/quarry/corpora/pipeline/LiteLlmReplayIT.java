package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.CorpusCounts;
import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.CorpusWriter;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.formats.LiteLlmPayloads;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Subject;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A labelled generated corpus replayed twice through {@code quarry replay} on the embedded broker:
 * as contract events, and as the LiteLLM proxy log of the same calls ({@link LiteLlmPayloads},
 * replayed with {@code --format litellm}). Both must flag the same clients, except those whose
 * detection needs what LiteLLM does not log: the payment and TLS fingerprints that link fleet
 * accounts (cluster alerts) and output token ids (watermark echo). LiteLLM must flag no client the
 * contract replay does not.
 */
class LiteLlmReplayIT {
    private static final Set<String> NEEDS_UNLOGGED_FIELDS = Set.of("hydra_cluster", "watermark_echo");

    @Test
    void litellmLogOfACorpusFlagsTheSameClientsAsItsContractReplay(@TempDir Path dir) throws Exception {
        CorpusCounts corpus = new CorpusWriter(dir.resolve("corpus")).write(new TrafficGenerator(CorpusSpec.defaults().withSeed(7)));
        Path litellm = dir.resolve("litellm.jsonl.gz");
        assertEquals(corpus.events(), LiteLlmPayloads.convert(corpus.eventsFile(), litellm));

        String contractSummary = replay(dir.resolve("contract"), corpus.eventsFile().toString());
        String litellmSummary = replay(dir.resolve("litellm"), "--format", "litellm", litellm.toString());
        assertTrue(litellmSummary.contains("formats           litellm"), litellmSummary);
        assertTrue(litellmSummary.contains("events valid      " + String.format("%,d", corpus.events())), litellmSummary);
        assertTrue(litellmSummary.contains("invalid           0 "), litellmSummary);
        assertEquals(List.of(), Files.readAllLines(dir.resolve("litellm").resolve("dead-letters.jsonl")));

        List<Alert> contractAlerts = finalAlerts(dir.resolve("contract"));
        Map<String, Boolean> contractFlagged = flagged(contractAlerts);
        Set<String> litellmFlagged = flagged(finalAlerts(dir.resolve("litellm"))).keySet();
        assertFalse(contractFlagged.isEmpty(), contractSummary);

        Set<String> added = new TreeSet<>(litellmFlagged);
        added.removeAll(contractFlagged.keySet());
        assertEquals(Set.of(), added, "clients flagged only from the LiteLLM log");
        Set<String> missed = new TreeSet<>(contractFlagged.keySet());
        missed.removeAll(litellmFlagged);
        missed.removeIf(contractFlagged::get);
        assertEquals(Set.of(), missed, "clients the LiteLLM log misses although their detection needs no unlogged field");
    }

    /** Runs {@code quarry replay ARGS --alerts-out OUT/alerts.jsonl} as bin/quarry would; returns what it printed. */
    private static String replay(Path out, String... args) throws Exception {
        Files.createDirectories(out);
        QuarryApplication app = new QuarryApplication();
        Bootstrap<QuarryConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream printed = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream previous = System.out;
        String[] argv = new String[args.length + 3];
        argv[0] = "replay";
        System.arraycopy(args, 0, argv, 1, args.length);
        argv[args.length + 1] = "--alerts-out";
        argv[args.length + 2] = out.resolve("alerts.jsonl").toString();
        Optional<Throwable> failure;
        System.setOut(printed);
        try {
            failure = new Cli(new JarLocation(LiteLlmReplayIT.class), bootstrap, printed, System.err).run(argv);
        } finally {
            System.setOut(previous);
        }
        assertTrue(failure.isEmpty(), () -> "replay failed: " + failure);
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private static List<Alert> finalAlerts(Path out) throws Exception {
        Map<String, Alert> last = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out.resolve("alerts.jsonl"))) {
            Alert a = AlertJson.fromJson(line);
            last.merge(a.alertId(), a, (x, y) -> y.version() > x.version() ? y : x);
        }
        return List.copyOf(last.values());
    }

    /**
     * The clients flagged at medium or above (a cluster alert flags its members), each with
     * whether every alert that flags it rests on a field LiteLLM does not log.
     */
    static Map<String, Boolean> flagged(List<Alert> alerts) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (Alert a : alerts) {
            if (!a.severity().isDetection()) {
                continue;
            }
            boolean cluster = Subject.CLUSTER.equals(a.subject().kind());
            boolean unlogged = cluster || a.detectors().stream()
                    .anyMatch(f -> NEEDS_UNLOGGED_FIELDS.contains(f.name()) && f.score() > 0);
            for (String client : cluster ? a.subject().members() : List.of(a.subject().key())) {
                m.merge(client, unlogged, Boolean::logicalAnd);
            }
        }
        return m;
    }
}
