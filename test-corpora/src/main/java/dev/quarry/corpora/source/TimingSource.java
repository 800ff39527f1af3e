package dev.quarry.corpora.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Empirical distributions of benign serving traffic, from public production traces under a
 * {@code --timing-source} directory: the Azure LLM inference traces (Patel et al. 2024, Splitwise;
 * {@code AzurePublicDataset/data/*.csv}: {@code TIMESTAMP,ContextTokens,GeneratedTokens}) and the
 * Mooncake traces (Qin et al. 2025, FAST '25; {@code Mooncake/FAST25-release/traces/*.jsonl}:
 * {@code timestamp, input_length, output_length}). Both are optional; without them every draw
 * returns the caller's fallback.
 *
 * <p>What is used: completion and prompt token counts as they are, and the <em>shape</em> of the
 * inter-arrival gaps, normalised to mean 1 (the traces aggregate a whole service, so their absolute
 * rate is not one client's rate; an archetype multiplies the unit gap by its own mean). At most
 * {@value #MAX_SAMPLES} rows are read per file. Immutable and thread-safe once built.
 */
public final class TimingSource {
    public static final int MAX_SAMPLES = 50_000;
    private static final TimingSource NONE = new TimingSource(new int[0], new int[0], new double[0]);
    private static final DateTimeFormatter AZURE_TS = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter();

    private final int[] completionTokens;
    private final int[] promptTokens;
    private final double[] unitGaps;

    private TimingSource(int[] completionTokens, int[] promptTokens, double[] unitGaps) {
        this.completionTokens = completionTokens;
        this.promptTokens = promptTokens;
        this.unitGaps = unitGaps;
    }

    /** No traces: every draw returns its fallback. */
    public static TimingSource none() {
        return NONE;
    }

    /** The traces found under {@code root}; files that are missing or unreadable are skipped. */
    public static TimingSource under(Path root) {
        List<int[]> rows = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        for (Path f : list(root.resolve("AzurePublicDataset/data"), ".csv")) {
            readAzure(f, rows, gaps);
        }
        for (Path f : list(root.resolve("Mooncake/FAST25-release/traces"), ".jsonl")) {
            readMooncake(f, rows, gaps);
        }
        if (rows.isEmpty()) {
            return NONE;
        }
        int[] completion = new int[rows.size()];
        int[] prompt = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            prompt[i] = rows.get(i)[0];
            completion[i] = rows.get(i)[1];
        }
        double mean = gaps.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double[] unit = mean > 0 ? gaps.stream().mapToDouble(g -> g / mean).toArray() : new double[0];
        return new TimingSource(completion, prompt, unit);
    }

    /** Whether any trace was read. */
    public boolean isPresent() {
        return completionTokens.length > 0;
    }

    /** Rows read (requests with token counts). */
    public int samples() {
        return completionTokens.length;
    }

    /** A completion length from the traces clamped to {@code [min, max]}, or {@code fallback}. */
    public int completionTokens(SplittableRandom rng, int min, int max, int fallback) {
        if (completionTokens.length == 0) {
            return fallback;
        }
        return Math.max(min, Math.min(max, completionTokens[rng.nextInt(completionTokens.length)]));
    }

    /** A prompt length from the traces clamped to {@code [min, max]}, or {@code fallback}. */
    public int promptTokens(SplittableRandom rng, int min, int max, int fallback) {
        if (promptTokens.length == 0) {
            return fallback;
        }
        return Math.max(min, Math.min(max, promptTokens[rng.nextInt(promptTokens.length)]));
    }

    /**
     * A gap with mean {@code meanMillis} whose shape (burstiness) follows the traces, or an
     * exponential gap with that mean when there are none.
     */
    public long gapMillis(SplittableRandom rng, double meanMillis) {
        double unit = unitGaps.length == 0 ? -Math.log(1.0 - rng.nextDouble()) : unitGaps[rng.nextInt(unitGaps.length)];
        return Math.max(1L, Math.round(unit * meanMillis));
    }

    private static List<Path> list(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void readAzure(Path file, List<int[]> rows, List<Double> gaps) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine(); // header
            long last = Long.MIN_VALUE;
            int n = 0;
            while ((line = r.readLine()) != null && n++ < MAX_SAMPLES) {
                String[] f = line.split(",");
                if (f.length < 3) {
                    continue;
                }
                try {
                    long ts = LocalDateTime.parse(f[0].strip(), AZURE_TS).toInstant(ZoneOffset.UTC).toEpochMilli();
                    rows.add(new int[] {Integer.parseInt(f[1].strip()), Integer.parseInt(f[2].strip())});
                    if (last != Long.MIN_VALUE && ts >= last) {
                        gaps.add((double) (ts - last));
                    }
                    last = ts;
                } catch (RuntimeException skipped) {
                    // a malformed row is skipped; the rest of the trace is still usable
                }
            }
        } catch (IOException e) {
            // optional input
        }
    }

    private static void readMooncake(Path file, List<int[]> rows, List<Double> gaps) {
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long last = Long.MIN_VALUE;
            int n = 0;
            while ((line = r.readLine()) != null && n++ < MAX_SAMPLES) {
                try {
                    JsonNode node = json.readTree(line);
                    rows.add(new int[] {node.path("input_length").asInt(), node.path("output_length").asInt()});
                    long ts = node.path("timestamp").asLong();
                    if (last != Long.MIN_VALUE && ts >= last) {
                        gaps.add((double) (ts - last));
                    }
                    last = ts;
                } catch (IOException | RuntimeException skipped) {
                    // as above
                }
            }
        } catch (IOException e) {
            // optional input
        }
    }

    @Override
    public String toString() {
        return isPresent() ? samples() + " trace rows, " + unitGaps.length + " gaps" : "no traces";
    }

}
