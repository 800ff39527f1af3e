package dev.quarry.dashboard.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.fingerprint.watermark.GreenListScheme;
import dev.quarry.fingerprint.watermark.RadioactivityTest;
import dev.quarry.fingerprint.tokenizer.HuggingFaceTokenIds;
import dev.quarry.fingerprint.tokenizer.Tokenizer;
import dev.quarry.fingerprint.tokenizer.WordHashEncoder;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code quarry fingerprint --suspect outputs.jsonl [--prompts prompts.jsonl] [--gamma G]
 * [--config config.yml]}: was a suspect model trained on our watermarked outputs? Runs the
 * radioactivity test of Sander et al. 2024 ({@link RadioactivityTest}) with the key of
 * {@code watermark.key} (or {@value WatermarkConfig#KEY_ENV}) on the suspect's outputs, skipping
 * tuples of the prompts it was given, and prints a report whose last line is exactly
 * {@code p_value=<number> T=<n> G=<n>}.
 *
 * <p>Input: one JSON object per line with {@code token_ids} (array of ints) or {@code text}. Text
 * is tokenized with the endpoint's HuggingFace tokenizer ({@code watermark.tokenizer}), or else
 * with the fallback {@link WordHashEncoder} (lower-cased whitespace words, stable 32-bit hash),
 * both {@link Tokenizer}s. A bad line is counted, its number reported, and skipped; it never stops the run. The key is
 * never printed. Holds no state between runs.
 */
public final class FingerprintCommand extends Command {
    /** Line numbers of bad lines listed in the report, at most. */
    private static final int LISTED_BAD_LINES = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;

    public FingerprintCommand() {
        this(System.out);
    }

    public FingerprintCommand(PrintStream out) {
        super("fingerprint", "Radioactivity test: did a suspect model train on our watermarked outputs?");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--suspect").dest("suspect").required(true).metavar("FILE")
                .help("the suspect model's outputs, JSONL: {\"token_ids\": [...]} or {\"text\": \"...\"} per line");
        subparser.addArgument("--prompts").dest("prompts").metavar("FILE")
                .help("the prompts given to the suspect, same format; their tuples are not scored");
        subparser.addArgument("--gamma").dest("gamma").type(Double.class)
                .help("green fraction; default watermark.gamma of the configuration");
        subparser.addArgument("--config").dest("config")
                .help("configuration YAML (its watermark: section); default: the bundled one");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace ns) throws Exception {
        QuarryConfiguration config = ReplayCommand.loadConfig(bootstrap, ns.getString("config"));
        String prompts = ns.getString("prompts");
        run(config.watermark(), ns.getDouble("gamma"), Path.of(ns.getString("suspect")),
                prompts == null ? null : Path.of(prompts));
    }

    /** The test on {@code suspect} (and {@code prompts}, may be null), reported on this command's output. */
    public RadioactivityTest.Result run(WatermarkConfig watermark, Double gamma, Path suspect, Path prompts)
            throws IOException {
        if (!watermark.configured()) {
            throw new IllegalArgumentException("no watermark key: set watermark.key in the configuration (--config) "
                    + "or the " + WatermarkConfig.KEY_ENV + " environment variable");
        }
        double g = gamma != null ? gamma : watermark.gamma();
        RadioactivityTest test = new RadioactivityTest(new GreenListScheme(watermark.secretKey(), g));
        for (Path f : prompts == null ? new Path[] {suspect} : new Path[] {suspect, prompts}) {
            if (!Files.isReadable(f)) {
                throw new IllegalArgumentException("cannot read " + f);
            }
        }
        boolean configuredTokenizer = watermark.tokenizer() != null && !watermark.tokenizer().isBlank();
        Counts promptCounts;
        Counts outputCounts;
        String tokenizerName;
        // The endpoint's own tokenizer when configured (local tokenizer.json, never downloaded), else the fallback.
        try (Tokenizer encoder = configuredTokenizer ? HuggingFaceTokenIds.load(Path.of(watermark.tokenizer().trim()))
                : new WordHashEncoder()) {
            tokenizerName = encoder.name();
            promptCounts = prompts == null ? null : read(prompts, encoder, test::addPrompt);
            outputCounts = read(suspect, encoder, test::addOutput);
        }
        RadioactivityTest.Result r = test.result();

        out.println("Radioactivity test (Sander et al. 2024) of " + suspect);
        out.printf(Locale.ROOT, "  outputs read           %,d%s%n", outputCounts.records, outputCounts.describe());
        if (promptCounts != null) {
            out.printf(Locale.ROOT, "  prompts read           %,d from %s%s%n", promptCounts.records, prompts,
                    promptCounts.describe());
        } else {
            out.println("  prompts                none given (--prompts): tuples the suspect copied from its prompts are scored");
        }
        out.printf(Locale.ROOT, "  tokens                 %,d%n", r.tokens());
        if (outputCounts.textLines + (promptCounts == null ? 0 : promptCounts.textLines) > 0) {
            out.printf(Locale.ROOT, "  tokenizer              %s for text lines%s%n", tokenizerName,
                    configuredTokenizer ? "" : " (fallback: set watermark.tokenizer to the endpoint's tokenizer.json)");
        }
        out.printf(Locale.ROOT, "  scored tuples T        %,d%n", r.scored());
        out.printf(Locale.ROOT, "  green G                %,d (%s of T; %s expected without the watermark)%n", r.green(),
                pct(r.scored() == 0 ? 0 : (double) r.green() / r.scored()), pct(g));
        out.printf(Locale.ROOT, "  duplicates skipped     %,d%n", r.duplicates());
        out.printf(Locale.ROOT, "  prompt tuples skipped  %,d%n", r.inPrompts());
        out.printf(Locale.ROOT, "  gamma                  %s%n", g);
        out.printf(Locale.ROOT, "  z                      %.2f%n", r.z());
        out.printf(Locale.ROOT, "  p-value                %s (exact binomial P(X >= G | T, gamma); log10 %.2f)%n",
                pValue(r), r.log10PValue());
        out.println("  dedup rules            each (previous, token) tuple scored once across all outputs; tuples "
                + "that occur in the prompts skipped");
        out.printf(Locale.ROOT, "p_value=%s T=%d G=%d%n", pValue(r), r.scored(), r.green());
        out.flush();
        return r;
    }

    /** The p-value in scientific notation, from its logarithm when it is below the double range. */
    static String pValue(RadioactivityTest.Result r) {
        if (r.pValue() > 0) {
            return String.format(Locale.ROOT, "%.3e", r.pValue());
        }
        double exponent = Math.floor(r.log10PValue());
        return String.format(Locale.ROOT, "%.3fe%d", Math.pow(10, r.log10PValue() - exponent), (long) exponent);
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    /** Reads one JSONL file, handing each line's tokens to {@code sink}; bad lines are counted. */
    private static Counts read(Path file, Tokenizer encoder, Consumer<int[]> sink) throws IOException {
        Counts c = new Counts();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    c.blank++;
                    continue;
                }
                int[] tokens = tokens(line, encoder, c);
                if (tokens == null) {
                    c.bad(number);
                } else {
                    sink.accept(tokens);
                    c.records++;
                }
            }
        }
        return c;
    }

    /** The tokens of one line, or null when it is not an object with int {@code token_ids} or string {@code text}. */
    private static int[] tokens(String line, Tokenizer encoder, Counts c) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode ids = node.get("token_ids");
        if (ids != null) {
            if (!ids.isArray()) {
                return null;
            }
            int[] tokens = new int[ids.size()];
            for (int i = 0; i < tokens.length; i++) {
                JsonNode id = ids.get(i);
                if (!id.canConvertToInt() || !id.isIntegralNumber() || id.asInt() < 0) {
                    return null;
                }
                tokens[i] = id.asInt();
            }
            return tokens;
        }
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual()) {
            return null;
        }
        c.textLines++;
        return encoder.encode(text.asText());
    }

    private static final class Counts {
        long records;
        long blank;
        long textLines;
        long badLines;
        final List<Long> badLineNumbers = new ArrayList<>();

        void bad(long line) {
            badLines++;
            if (badLineNumbers.size() < LISTED_BAD_LINES) {
                badLineNumbers.add(line);
            }
        }

        String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, " (bad lines skipped: %,d", badLines));
            if (badLines > 0) {
                sb.append(", at line");
                sb.append(badLines == 1 ? " " : "s ");
                sb.append(String.join(", ", badLineNumbers.stream().map(String::valueOf).toList()));
                sb.append(badLines > badLineNumbers.size() ? ", ..." : "");
            }
            sb.append(String.format(Locale.ROOT, "; blank lines: %,d)", blank));
            return sb.toString();
        }
    }
}
