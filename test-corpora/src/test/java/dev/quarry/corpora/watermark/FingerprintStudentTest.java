package dev.quarry.corpora.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.dashboard.runtime.FingerprintCommand;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.fingerprint.watermark.RadioactivityTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/quarry fingerprint} on the outputs of students of the seeded test model. */
class FingerprintStudentTest {
    private static final long KEY = 0x7E57_0001L;

    @TempDir
    Path dir;

    private final TestLanguageModel lm = TestLanguageModel.get();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    /** Writes a student's answers (token_ids lines, or text lines) and its prompts; runs the command. */
    private RadioactivityTest.Result fingerprint(double share, boolean asText, String... extraLines) throws Exception {
        GreenBias bias = new GreenBias(new dev.quarry.fingerprint.watermark.GreenListScheme(KEY, 0.25), 2.0,
                lm.vocabulary());
        StudentModel student = StudentModel.train(lm, bias, share, 1_000, 100, 0.001, 3);
        SplittableRandom rng = new SplittableRandom(5);
        List<String> prompts = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int[] prompt = StudentModel.prompt(lm, rng);
            int[] answer = student.answer(prompt, 100, rng);
            prompts.add(line(lm.vocabulary().ids(prompt)));
            outputs.add(asText ? "{\"text\": \"" + lm.vocabulary().text(answer).replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\"}" : line(lm.vocabulary().ids(answer)));
        }
        outputs.addAll(List.of(extraLines));
        WatermarkConfig config = new WatermarkConfig();
        config.key(Long.toHexString(KEY));
        return new FingerprintCommand(new PrintStream(printed, true, StandardCharsets.UTF_8)).run(config, null,
                Files.write(dir.resolve("outputs.jsonl"), outputs), Files.write(dir.resolve("prompts.jsonl"), prompts));
    }

    private static String line(int[] ids) {
        return "{\"token_ids\":" + IntStream.of(ids).mapToObj(String::valueOf).collect(Collectors.joining(",", "[", "]"))
                + "}";
    }

    @Test
    void outputsOfAStudentTrainedOnWatermarkedTextGetASmallPValue() throws Exception {
        RadioactivityTest.Result r = fingerprint(0.5, false);
        assertTrue(r.log10PValue() < -10, "log10 p " + r.log10PValue());
        assertTrue(r.inPrompts() > 0 && r.duplicates() > 0);
    }

    @Test
    void outputsOfAStudentTrainedOnPlainTextDoNot() throws Exception {
        RadioactivityTest.Result r = fingerprint(0.0, false);
        assertTrue(r.pValue() > 1e-3, "p " + r.pValue());
    }

    @Test
    void textLinesScoreLikeTheirTokenIdsThroughTheFallbackTokenizer() throws Exception {
        RadioactivityTest.Result ids = fingerprint(0.5, false);
        RadioactivityTest.Result text = fingerprint(0.5, true);
        assertEquals(ids.scored(), text.scored());
        assertEquals(ids.green(), text.green());
    }

    @Test
    void aBadLineIsCountedAndSkipped() throws Exception {
        RadioactivityTest.Result r = fingerprint(0.5, false, "{\"token_ids\": \"oops\"}");
        assertEquals(500, r.outputs());
        String report = printed.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("bad lines skipped: 1, at line 501"), report);
        assertTrue(report.strip().lines().reduce((a, b) -> b).orElseThrow().matches("p_value=\\S+ T=\\d+ G=\\d+"), report);
    }
}
