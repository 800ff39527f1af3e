package dev.quarry.corpora.watermark;

import dev.quarry.corpora.eval.ReportCharts;
import dev.quarry.fingerprint.watermark.GreenListScheme;
import dev.quarry.fingerprint.watermark.RadioactivityTest;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code quarry watermark-figures --out DIR}: the watermark figures of docs/watermark.md, measured on the
 * seeded {@link TestLanguageModel} with a fixed, public test key: (a) the detection z of
 * watermarked and plain text against its length (Kirchenbauer et al. 2023, figure 2's shape) and
 * (b) the radioactivity p-value of a {@link StudentModel} against the watermarked share of its
 * training text (Sander et al. 2024, figure 1's shape). Writes {@value #Z_PNG},
 * {@value #P_PNG} and {@value #TABLE}; takes well under a minute. Deterministic. Holds no state
 * between runs.
 */
public final class WatermarkFigures extends Command {
    public static final String Z_PNG = "watermark_z_vs_length.png";
    public static final String P_PNG = "radioactivity_p_vs_share.png";
    public static final String TABLE = "watermark-figures.md";
    /** The figures' key: public, for tests only; never a provider's key. */
    static final long TEST_KEY = 0x5EED_C0FF_EE00_0001L;
    static final double GAMMA = 0.25;
    static final double DELTA = 2.0;
    static final int[] LENGTHS = {25, 50, 100, 200, 400};
    static final int SAMPLES = 100;
    static final double[] SHARES = {0, 0.01, 0.02, 0.05, 0.10, 0.25, 0.50};
    /** Student: teacher answers it is fitted on, their length, its smoothing; its answers scored. */
    static final int TRAINING_TEXTS = 4_000;
    static final int TEXT_WORDS = 100;
    static final double STUDENT_K = 0.001;
    static final int OUTPUTS = 2_000;

    private final PrintStream out;

    public WatermarkFigures() {
        this(System.out);
    }

    public WatermarkFigures(PrintStream out) {
        super("watermark-figures", "Watermark figures on the seeded test model: z vs length, radioactivity p vs "
                + "watermarked training share");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--out").dest("out").required(true).metavar("DIR")
                .help("directory for the PNG plots and " + TABLE + " (created if missing)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace ns) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path dir = Files.createDirectories(Path.of(ns.getString("out")));
        long started = System.nanoTime();
        GreenListScheme scheme = new GreenListScheme(TEST_KEY, GAMMA);
        TestLanguageModel lm = TestLanguageModel.get();
        GreenBias bias = new GreenBias(scheme, DELTA, lm.vocabulary());

        double[][] z = zByLength(lm, scheme, bias);
        List<RadioactivityTest.Result> students = new ArrayList<>();
        for (double share : SHARES) {
            students.add(radioactivity(lm, scheme, bias, share, TRAINING_TEXTS, OUTPUTS));
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        List<String> lengthTicks = new ArrayList<>();
        for (int n : LENGTHS) {
            lengthTicks.add(String.valueOf(n));
        }
        ReportCharts.lineChart(dir.resolve(Z_PNG), "Green-list z-score vs text length (gamma 0.25, delta 2)",
                "tokens scored (words of the seeded test model)", "mean z over " + SAMPLES + " texts", lengthTicks,
                List.of("watermarked", "plain"), List.of(z[0], z[1]), 4.0, "z = 4 (zThreshold)", false);
        List<String> shareTicks = new ArrayList<>();
        double[] minusLog10P = new double[SHARES.length];
        for (int i = 0; i < SHARES.length; i++) {
            shareTicks.add(pct(SHARES[i]));
            minusLog10P[i] = -students.get(i).log10PValue();
        }
        ReportCharts.lineChart(dir.resolve(P_PNG), "Radioactivity: student trained on a share of watermarked text",
                "watermarked share of the student's training text", "-log10 p-value (log scale)", shareTicks,
                List.of("student's outputs"), List.of(minusLog10P), 5.0, "p = 1e-5", true);

        String table = table(z, students, seconds);
        Files.writeString(dir.resolve(TABLE), table);
        out.print(table);
        out.println("plots: " + dir.resolve(Z_PNG).toAbsolutePath() + ", " + dir.resolve(P_PNG).toAbsolutePath());
        out.flush();
    }

    /**
     * Per length, over {@value #SAMPLES} texts each: mean z of watermarked ([0]) and plain ([1])
     * texts, and the share of them at z >= 4 ([2], [3]).
     */
    static double[][] zByLength(TestLanguageModel lm, GreenListScheme scheme, GreenBias bias) {
        double[][] z = new double[4][LENGTHS.length];
        for (int l = 0; l < LENGTHS.length; l++) {
            SplittableRandom rng = new SplittableRandom(1_000 + l);
            for (int s = 0; s < SAMPLES; s++) {
                for (int kind = 0; kind < 2; kind++) {
                    int[] words = lm.model().generate(new int[0], LENGTHS[l], rng, kind == 0 ? bias : null);
                    double score = scheme.score(lm.vocabulary().ids(words), true).z();
                    z[kind][l] += score / SAMPLES;
                    z[kind + 2][l] += score >= 4 ? 1.0 / SAMPLES : 0;
                }
            }
        }
        return z;
    }

    /** The radioactivity test on {@code outputs} answers of a student fitted with {@code share} watermarked. */
    static RadioactivityTest.Result radioactivity(TestLanguageModel lm, GreenListScheme scheme, GreenBias bias,
            double share, int trainingTexts, int outputs) {
        StudentModel student = StudentModel.train(lm, bias, share, trainingTexts, TEXT_WORDS, STUDENT_K, 7);
        RadioactivityTest test = new RadioactivityTest(scheme);
        SplittableRandom rng = new SplittableRandom(99);
        int[][] prompts = new int[outputs][];
        for (int i = 0; i < outputs; i++) {
            prompts[i] = StudentModel.prompt(lm, rng);
            test.addPrompt(lm.vocabulary().ids(prompts[i]));
        }
        for (int[] p : prompts) {
            test.addOutput(lm.vocabulary().ids(student.answer(p, TEXT_WORDS, rng)));
        }
        return test.result();
    }

    private static String table(double[][] z, List<RadioactivityTest.Result> students, double seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Seeded test model: %d training passages, vocabulary %d words, add-k %s; "
                + "gamma %s, delta %s; measured in %.0f s by `bin/quarry watermark-figures`.%n%n",
                TestLanguageModel.PASSAGES, TestLanguageModel.get().vocabulary().size(), TestLanguageModel.K, GAMMA,
                DELTA, seconds));
        sb.append("| tokens | mean z, watermarked | at z >= 4 | mean z, plain | at z >= 4 |\n"
                + "|---:|---:|---:|---:|---:|\n");
        for (int l = 0; l < LENGTHS.length; l++) {
            sb.append(String.format(Locale.ROOT, "| %d | %.2f | %s | %.2f | %s |%n", LENGTHS[l], z[0][l], pct(z[2][l]),
                    z[1][l], pct(z[3][l])));
        }
        sb.append(String.format(Locale.ROOT, "%nStudent: %,d teacher answers of %d words, add-k %s; %,d answers of "
                + "%d words scored (tuples deduplicated, prompt tuples skipped).%n%n", TRAINING_TEXTS, TEXT_WORDS,
                STUDENT_K, OUTPUTS, TEXT_WORDS));
        sb.append("| watermarked share | T | G | G/T | z | p-value |\n|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < SHARES.length; i++) {
            RadioactivityTest.Result r = students.get(i);
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %.3f | %.2f | %s |%n", pct(SHARES[i]), r.scored(),
                    r.green(), (double) r.green() / r.scored(), r.z(), pValue(r.log10PValue())));
        }
        return sb.toString();
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    /** {@code 10^log10} in scientific notation, also below the double range. */
    static String pValue(double log10) {
        double exponent = Math.floor(log10);
        return String.format(Locale.ROOT, "%.1fe%d", Math.pow(10, log10 - exponent), (long) exponent);
    }
}
