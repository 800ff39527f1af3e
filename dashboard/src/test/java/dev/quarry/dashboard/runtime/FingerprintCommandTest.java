package dev.quarry.dashboard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.fingerprint.watermark.GreenListScheme;
import dev.quarry.fingerprint.watermark.RadioactivityTest;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintCommandTest {
    private static final String KEY = "5eed5eed1234";
    private static final GreenListScheme SCHEME = new GreenListScheme(0x5eed5eed1234L, 0.25);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final FingerprintCommand command = new FingerprintCommand(new PrintStream(printed, true, StandardCharsets.UTF_8));

    /** Token sequences where each next token is chosen green with probability {@code greenShare}. */
    private static List<String> outputs(double greenShare, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        for (int o = 0; o < 100; o++) {
            int[] t = new int[80];
            t[0] = 1 + rng.nextInt(50_000);
            boolean wantGreen = false;
            for (int i = 1; i < t.length; i++) {
                wantGreen = rng.nextDouble() < greenShare;
                do {
                    t[i] = 1 + rng.nextInt(50_000);
                } while (SCHEME.isGreen(t[i - 1], t[i]) != wantGreen);
            }
            lines.add("{\"token_ids\":" + IntStream.of(t).mapToObj(String::valueOf)
                    .collect(Collectors.joining(",", "[", "]")) + "}");
        }
        return lines;
    }

    private static WatermarkConfig config() {
        WatermarkConfig c = new WatermarkConfig();
        c.key(KEY);
        return c;
    }

    private String lastLine() {
        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void textLinesAreTokenizedWithTheConfiguredTokenizerJson() throws Exception {
        // The MiniLM tokenizer.json on the class path stands in for an endpoint's own tokenizer.
        Path tokenizer = dir.resolve("tokenizer.json");
        try (var in = getClass().getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            assumeTrue(in != null, "the MiniLM tokenizer resource is on the class path");
            Files.copy(in, tokenizer);
        }
        String text = "the quick brown fox jumps over the lazy dog while the cat watches";
        Path suspect = Files.write(dir.resolve("t.jsonl"), List.of("{\"text\":\"" + text + "\"}"));
        WatermarkConfig c = config();
        c.tokenizer(tokenizer.toString());
        RadioactivityTest.Result r = command.run(c, null, suspect, null);
        int[] ids;
        try (var hf = dev.quarry.fingerprint.tokenizer.HuggingFaceTokenIds.load(tokenizer)) {
            ids = hf.encode(text);
        }
        RadioactivityTest expected = new RadioactivityTest(SCHEME);
        expected.addOutput(ids);
        assertEquals(expected.result().scored(), r.scored());
        assertEquals(expected.result().green(), r.green());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("huggingface:"), "the report names the tokenizer");
    }

    @Test
    void outputsRichInGreenTuplesGetATinyPValue() throws Exception {
        Path suspect = Files.write(dir.resolve("s.jsonl"), outputs(0.35, 1));
        RadioactivityTest.Result r = command.run(config(), null, suspect, null);
        assertTrue(r.log10PValue() < -10, "log10 p " + r.log10PValue());
        assertEquals("p_value=" + FingerprintCommand.pValue(r) + " T=" + r.scored() + " G=" + r.green(), lastLine());
    }

    @Test
    void outputsAtTheChanceRateAreNotSignificant() throws Exception {
        Path suspect = Files.write(dir.resolve("s.jsonl"), outputs(0.25, 2));
        RadioactivityTest.Result r = command.run(config(), null, suspect, null);
        assertTrue(r.pValue() > 1e-3, "p " + r.pValue());
    }

    @Test
    void countsBadLinesWithTheirNumbersAndGoesOn() throws Exception {
        List<String> lines = new ArrayList<>(outputs(0.25, 3).subList(0, 3));
        lines.add(1, "not json");
        lines.add(3, "{\"token_ids\": [1, \"two\"]}");
        lines.add("[1, 2, 3]");
        lines.add("");
        lines.add("{\"text\": \"Hello there general kenobi\"}");
        Path suspect = Files.write(dir.resolve("s.jsonl"), lines);
        RadioactivityTest.Result r = command.run(config(), null, suspect, null);
        assertEquals(4, r.outputs());
        String report = printed.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("bad lines skipped: 3, at lines 2, 4, 6"), report);
        assertTrue(report.contains("whitespace-word-hash"), report);
    }

    @Test
    void skipsTuplesThatOccurInThePrompts() throws Exception {
        List<String> copied = outputs(0.6, 4);
        Path suspect = Files.write(dir.resolve("s.jsonl"), copied);
        Path prompts = Files.write(dir.resolve("p.jsonl"), copied);
        RadioactivityTest.Result r = command.run(config(), null, suspect, prompts);
        assertEquals(0, r.scored());
        assertTrue(r.inPrompts() > 7_000);
        assertTrue(lastLine().endsWith(" T=0 G=0"), lastLine());
    }

    @Test
    void aMissingKeyIsAClearErrorThatPrintsNoKey() {
        assumeTrue(System.getenv(WatermarkConfig.KEY_ENV) == null, "the key is set in the environment");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> command.run(new WatermarkConfig(), null, Files.write(dir.resolve("s.jsonl"), List.of()), null));
        assertTrue(e.getMessage().contains("watermark.key") && e.getMessage().contains(WatermarkConfig.KEY_ENV),
                e.getMessage());
    }

    @Test
    void runsThroughTheDropwizardCliWithTheKeyFromTheConfigurationAndNeverPrintsIt() throws Exception {
        Path suspect = Files.write(dir.resolve("s.jsonl"), outputs(0.35, 5));
        Path yml = Files.writeString(dir.resolve("c.yml"), "watermark:\n  key: \"" + KEY + "\"\n  gamma: 0.25\n");
        Bootstrap<QuarryConfiguration> bootstrap = new Bootstrap<>(new QuarryApplication());
        bootstrap.addCommand(command);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Optional<Throwable> error = new Cli(new JarLocation(getClass()), bootstrap, stdout, stderr)
                .run("fingerprint", "--suspect", suspect.toString(), "--config", yml.toString());
        assertTrue(error.isEmpty(), () -> stderr.toString(StandardCharsets.UTF_8));
        String report = printed.toString(StandardCharsets.UTF_8);
        assertTrue(lastLine().startsWith("p_value="), report);
        assertFalse(report.contains(KEY) || stderr.toString(StandardCharsets.UTF_8).contains(KEY), report);
    }
}
