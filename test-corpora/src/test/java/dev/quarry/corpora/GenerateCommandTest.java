package dev.quarry.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.corpora.source.Sources;
import dev.quarry.fingerprint.reference.ReferenceIndex;
import dev.quarry.fingerprint.watermark.GreenListScheme;
import dev.quarry.fingerprint.watermark.WatermarkScore;
import dev.quarry.fingerprint.tokenizer.WordHashEncoder;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.Namespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream report = new ByteArrayOutputStream();
    private final GenerateCommand command =
            new GenerateCommand(new PrintStream(report, true, StandardCharsets.UTF_8));

    @Test
    void writesTheCorpusWhenRunThroughTheDropwizardCli() throws IOException {
        Bootstrap<Configuration> bootstrap = new Bootstrap<>(new Application<>() {
            @Override
            public void run(Configuration configuration, Environment environment) {}
        });
        bootstrap.addCommand(command);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Cli cli = new Cli(new JarLocation(getClass()), bootstrap, stdout, stderr);

        Optional<Throwable> error = cli.run("generate", "--out", dir.toString(), "--hours", "0.25", "--demo-mix",
                "--chat-users", "3", "--classifier-apps", "1", "--batch-jobs", "1", "--extractors", "1",
                "--distillers", "1");

        assertTrue(error.isEmpty(), () -> stderr.toString(StandardCharsets.UTF_8));
        assertTrue(CorpusWriterTest.lines(dir.resolve(CorpusWriter.EVENTS_FILE)).size() > 100);
        assertEquals(8, Files.readAllLines(dir.resolve(CorpusWriter.LABELS_FILE)).size());
        String printed = report.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("logit_bias_extractor"), printed);
        assertTrue(printed.contains(dir.resolve(CorpusWriter.EVENTS_FILE).toAbsolutePath().toString()), printed);
    }

    @Test
    void defaultsToTheMixWithEveryFamily() throws ArgumentParserException {
        CorpusSpec spec = GenerateCommand.spec(parse("--out", dir.toString()));
        for (ArchetypeKind kind : ArchetypeKind.values()) {
            assertTrue(spec.count(kind) >= (kind.isOptIn() ? 0 : GenerateCommand.DEFAULT_PER_FAMILY), kind + " "
                    + spec.count(kind));
        }
        assertTrue(spec.totalClients() >= GenerateCommand.DEFAULT_CLIENTS, "clients " + spec.totalClients());
    }

    @Test
    void keepsTheDemonstrationMixBehindItsOption() throws ArgumentParserException {
        assertEquals(CorpusSpec.defaults(), GenerateCommand.spec(parse("--out", dir.toString(), "--demo-mix")));
    }

    @Test
    void readsEveryOption() throws ArgumentParserException {
        CorpusSpec spec = GenerateCommand.spec(parse("--out", dir.toString(), "--seed", "7", "--hours", "1.5",
                "--start", "2026-12-01T09:00:00+01:00", "--chat-users", "4", "--classifier-apps", "0",
                "--batch-jobs", "2", "--extractors", "3", "--distillers", "5"));
        assertEquals(7L, spec.seed());
        assertEquals(Duration.ofMinutes(90), spec.duration());
        assertEquals(Instant.parse("2026-12-01T08:00:00Z"), spec.start());
        assertEquals(4, spec.count(ArchetypeKind.CHAT_USER));
        assertEquals(0, spec.count(ArchetypeKind.CLASSIFIER_APP));
        assertEquals(2, spec.count(ArchetypeKind.BATCH_SUMMARISER));
        assertEquals(3, spec.count(ArchetypeKind.LOGIT_BIAS_EXTRACTOR));
        assertEquals(5, spec.count(ArchetypeKind.TEMPLATED_DISTILLER));
    }

    @Test
    void writesTheFilesWhenRunWithANamespace() throws Exception {
        command.run(null, parse("--out", dir.toString(), "--demo-mix", "--hours", "0.1", "--chat-users", "2"));
        assertTrue(Files.size(dir.resolve(CorpusWriter.EVENTS_FILE)) > 0);
        assertEquals(CorpusWriter.LABELS_HEADER, Files.readAllLines(dir.resolve(CorpusWriter.LABELS_FILE)).get(0));
    }

    @Test
    void writesTheBenchmarkItemsItsSweepsDrewAsAReferenceSetWithoutChangingTheEvents(@TempDir Path plain)
            throws Exception {
        String[] args = {"--out", dir.toString(), "--hours", "0.5", "--benchmark-harvesters", "2",
            "--evaluation-runs", "1"};
        command.run(null, parse(args));
        ReferenceIndex reference = ReferenceIndex.load(dir.resolve(BenchmarkBank.DIRECTORY));
        assertTrue(reference.size() > 100, "items " + reference.size());

        Map<String, String> archetype = new HashMap<>();
        List<String> rows = Files.readAllLines(dir.resolve(CorpusWriter.LABELS_FILE));
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            archetype.put(cells[0], cells[2]);
        }
        List<String> events = CorpusWriterTest.lines(dir.resolve(CorpusWriter.EVENTS_FILE));
        int harvested = 0;
        for (String line : events) {
            JsonNode e = new ObjectMapper().readTree(line);
            if ("benchmark_harvester".equals(archetype.get(e.path("client_id").asText()))) {
                String prompt = e.path("request").path("messages").path(0).path("content").asText();
                assertTrue(reference.find(prompt).isPresent(), prompt);
                harvested++;
            }
        }
        assertTrue(harvested > 20, "harvester events " + harvested); // pace is drawn per client: 3 s to 5 min

        // The same spec without recording (what the generator did before) gives the same events.
        CorpusSpec spec = GenerateCommand.spec(parse(args));
        new CorpusWriter(plain).write(new TrafficGenerator(spec, Sources.builtIn()));
        assertEquals(CorpusWriterTest.lines(plain.resolve(CorpusWriter.EVENTS_FILE)), events);
    }

    @Test
    void withAWatermarkKeyResponsesCarryWatermarkedTokenIds() throws Exception {
        command.run(null, parse("--out", dir.toString(), "--demo-mix", "--hours", "0.25", "--chat-users", "3",
                "--watermark-key", "c0ffee1234", "--watermark-echoes", "1"));
        GreenListScheme scheme = new GreenListScheme(0xc0ffee1234L, 0.25);
        long scored = 0;
        long green = 0;
        int withIds = 0;
        for (String line : CorpusWriterTest.lines(dir.resolve(CorpusWriter.EVENTS_FILE))) {
            JsonNode ids = new ObjectMapper().readTree(line).path("response").path("token_ids");
            if (ids.isArray()) {
                int[] tokens = new int[ids.size()];
                for (int i = 0; i < tokens.length; i++) {
                    tokens[i] = ids.get(i).asInt();
                }
                WatermarkScore s = scheme.score(tokens, true);
                scored += s.scored();
                green += s.green();
                withIds++;
            }
        }
        assertTrue(withIds > 20, "responses with token_ids " + withIds);
        assertTrue(GreenListScheme.zScore(scored, green, 0.25) > 10, green + " green of " + scored);
        assertTrue(Files.readString(dir.resolve(CorpusWriter.LABELS_FILE)).contains(",attack,watermark_echo,"));
    }

    @Test
    void watermarkEchoPromptsCarryTheWatermark() throws Exception {
        command.run(null, parse("--out", dir.toString(), "--demo-mix", "--hours", "0.25", "--chat-users", "0", "--classifier-apps",
                "0", "--batch-jobs", "0", "--extractors", "0", "--distillers", "0", "--watermark-key", "c0ffee1234",
                "--watermark-echoes", "1"));
        GreenListScheme scheme = new GreenListScheme(0xc0ffee1234L, 0.25);
        List<String> events = CorpusWriterTest.lines(dir.resolve(CorpusWriter.EVENTS_FILE));
        assertTrue(events.size() > 5, "events " + events.size());
        for (String line : events) {
            String prompt = new ObjectMapper().readTree(line).path("request").path("messages").path(0).path("content")
                    .asText();
            double z = scheme.score(new WordHashEncoder().encode(prompt), true).z();
            assertTrue(z > 4, "z=" + z + " " + prompt);
        }
        assertTrue(!report.toString(StandardCharsets.UTF_8).contains("c0ffee1234"), "the key is never printed");
    }

    @Test
    void withoutAWatermarkKeyOnlyTheLabelTokenArchetypesLogTokenIds() throws Exception {
        command.run(null, parse("--out", dir.toString(), "--demo-mix", "--hours", "0.25", "--chat-users", "3"));
        Map<String, String> archetype = new HashMap<>();
        List<String> rows = Files.readAllLines(dir.resolve(CorpusWriter.LABELS_FILE));
        for (String row : rows.subList(1, rows.size())) {
            archetype.put(row.split(",")[0], row.split(",")[2]);
        }
        int others = 0;
        for (String line : CorpusWriterTest.lines(dir.resolve(CorpusWriter.EVENTS_FILE))) {
            JsonNode e = new ObjectMapper().readTree(line);
            String kind = archetype.get(e.path("client_id").asText());
            // These two log the single biased label token they asked for, with or without a watermark.
            if (!kind.equals("logit_bias_extractor") && !kind.equals("classifier_app")) {
                assertTrue(e.path("response").path("token_ids").isMissingNode(), line);
                others++;
            }
        }
        assertTrue(others > 100, "events of other archetypes " + others);
    }

    @Test
    void watermarkEchoClientsNeedAKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> command.run(null,
                parse("--out", dir.toString(), "--hours", "0.1", "--watermark-echoes", "1")));
        assertTrue(e.getMessage().contains("--watermark-key"));
    }

    @Test
    void rejectsAStartThatIsNotRfc3339() throws ArgumentParserException {
        Namespace ns = parse("--out", dir.toString(), "--start", "yesterday");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GenerateCommand.spec(ns));
        assertTrue(e.getMessage().contains("--start"));
    }

    @Test
    void rejectsNegativeCounts() {
        assertThrows(ArgumentParserException.class,
                () -> parse("--out", dir.toString(), "--extractors", "-1"));
    }

    private Namespace parse(String... args) throws ArgumentParserException {
        ArgumentParser parser = ArgumentParsers.newFor("quarry").build();
        command.configure(parser.addSubparsers().addParser(command.getName()));
        String[] line = new String[args.length + 1];
        line[0] = command.getName();
        System.arraycopy(args, 0, line, 1, args.length);
        return parser.parseArgs(line);
    }
}
