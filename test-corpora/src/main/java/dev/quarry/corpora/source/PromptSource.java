package dev.quarry.corpora.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ObjLongConsumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Prompt text from public prompt sets under a {@code --text-source} directory. Each
 * {@link PromptSet} is read on first use, and only from the files that exist; at most
 * {@value #MAX_PROMPTS_PER_SET} prompts of a set are kept, so memory stays small whatever the
 * directory holds. A set that is missing or unreadable is simply unavailable and callers fall back
 * to their built-in phrase banks. Nothing read here is written anywhere except into generated
 * events.
 *
 * <p>Thread-safe: loading is synchronised, and loaded sets are immutable.
 */
public final class PromptSource {
    /** Upper bound on prompts kept per set. */
    public static final int MAX_PROMPTS_PER_SET = 20_000;
    /** Prompts longer than this many characters are skipped (they would dominate a corpus). */
    private static final int MAX_PROMPT_CHARS = 8_000;
    private static final PromptSource NONE = new PromptSource(null);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Map<PromptSet, List<String>> loaded = new EnumMap<>(PromptSet.class);
    private final Map<PromptSet, List<String>> distinct = new EnumMap<>(PromptSet.class);
    private final ObjLongConsumer<PromptSet> itemRecorder;

    private PromptSource(Path root) {
        this(root, null);
    }

    private PromptSource(Path root, ObjLongConsumer<PromptSet> itemRecorder) {
        this.root = root;
        this.itemRecorder = itemRecorder;
    }

    /** No external text: every set is unavailable. */
    public static PromptSource none() {
        return NONE;
    }

    /**
     * No external text, like {@link #none()}, but every {@link #get} is told to {@code recorder}
     * (which must be thread-safe): the item indices of the sweeps that then fall back to the
     * built-in benchmark bank. Recording draws no random numbers, so the corpus is unchanged.
     */
    public static PromptSource builtInRecording(ObjLongConsumer<PromptSet> recorder) {
        return new PromptSource(null, java.util.Objects.requireNonNull(recorder, "recorder"));
    }

    /** Text under {@code root}, read lazily. */
    public static PromptSource under(Path root) {
        return new PromptSource(root);
    }

    /** Whether any prompt of {@code set} could be read. */
    public boolean has(PromptSet set) {
        return !prompts(set).isEmpty();
    }

    /** A prompt of {@code set} drawn with {@code rng}, or null when the set is unavailable. */
    public String draw(PromptSet set, SplittableRandom rng) {
        List<String> prompts = prompts(set);
        return prompts.isEmpty() ? null : prompts.get(rng.nextInt(prompts.size()));
    }

    /** The {@code i}-th prompt of the set, modulo its size, or null when it is unavailable. */
    public String get(PromptSet set, long i) {
        if (itemRecorder != null) {
            itemRecorder.accept(set, i);
        }
        List<String> prompts = prompts(set);
        return prompts.isEmpty() ? null : prompts.get((int) Math.floorMod(i, (long) prompts.size()));
    }

    /** All prompts of the set that were read, in file order. */
    public synchronized List<String> prompts(PromptSet set) {
        if (root == null) {
            return List.of();
        }
        return loaded.computeIfAbsent(set, this::load);
    }

    /**
     * The set's prompts without repeats, first occurrence kept, in file order: what a client
     * walking the dataset item by item sees once. A set read from several files holds the same
     * prompt twice when two of them publish it (Self-Instruct's seed tasks are also Stanford
     * Alpaca's).
     */
    public synchronized List<String> distinctPrompts(PromptSet set) {
        return distinct.computeIfAbsent(set, s -> List.copyOf(new LinkedHashSet<>(prompts(s))));
    }

    private List<String> load(PromptSet set) {
        List<String> out = new ArrayList<>();
        for (PromptSet.Candidate c : set.candidates()) {
            Path path = root.resolve(c.path());
            if (!Files.exists(path)) {
                continue;
            }
            try {
                read(path, c, out);
            } catch (IOException | RuntimeException e) {
                // A damaged optional file must not stop generation; what was read so far is kept.
            }
            if (out.size() >= MAX_PROMPTS_PER_SET) {
                break;
            }
        }
        return List.copyOf(out);
    }

    private static void read(Path path, PromptSet.Candidate c, List<String> out) throws IOException {
        switch (c.format()) {
            case JSONL_FIELD, JSONL_STRING, MT_BENCH, HH_FIRST_HUMAN -> {
                try (BufferedReader r = reader(path)) {
                    String line;
                    while ((line = r.readLine()) != null && out.size() < MAX_PROMPTS_PER_SET) {
                        if (!line.isBlank()) {
                            add(out, fromLine(JSON.readTree(line), c));
                        }
                    }
                }
            }
            case JSON_ARRAY_FIELD -> {
                for (JsonNode n : JSON.readTree(path.toFile())) {
                    add(out, text(n.get(c.field())));
                }
            }
            case ORCA_SYSTEM -> {
                for (JsonNode n : JSON.readTree(path.toFile()).path("system_messages")) {
                    add(out, text(n));
                }
            }
            case MMLU_CSV_DIR -> {
                List<Path> files;
                try (Stream<Path> s = Files.list(path)) {
                    files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
                }
                for (Path f : files) {
                    List<List<String>> rows = Csv.parse(Files.readString(f, StandardCharsets.UTF_8));
                    for (List<String> row : rows) {
                        if (row.size() >= 5 && !"question".equals(row.get(0))) {
                            add(out, row.get(0) + "\nA. " + row.get(1) + "\nB. " + row.get(2) + "\nC. " + row.get(3)
                                    + "\nD. " + row.get(4) + "\nAnswer:");
                        }
                    }
                }
            }
            default -> throw new IllegalStateException(c.format().toString());
        }
    }

    private static String fromLine(JsonNode n, PromptSet.Candidate c) {
        return switch (c.format()) {
            case JSONL_FIELD -> text(n.get(c.field()));
            case JSONL_STRING -> text(n);
            case MT_BENCH -> text(n.path("turns").path(0));
            case HH_FIRST_HUMAN -> firstHumanTurn(text(n.get("chosen")));
            default -> null;
        };
    }

    private static String firstHumanTurn(String dialogue) {
        if (dialogue == null) {
            return null;
        }
        int start = dialogue.indexOf("Human:");
        if (start < 0) {
            return null;
        }
        int end = dialogue.indexOf("\n\nAssistant:", start);
        return dialogue.substring(start + "Human:".length(), end < 0 ? dialogue.length() : end).strip();
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() ? n.asText() : null;
    }

    private static void add(List<String> out, String prompt) {
        if (prompt != null && !prompt.isBlank() && prompt.length() <= MAX_PROMPT_CHARS
                && out.size() < MAX_PROMPTS_PER_SET) {
            out.add(prompt.strip());
        }
    }

    private static BufferedReader reader(Path path) throws IOException {
        InputStream in = Files.newInputStream(path);
        if (path.toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** RFC 4180 fields: quotes, doubled quotes and line breaks inside quoted fields. */
    static final class Csv {
        private Csv() {}

        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (quoted) {
                    if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (ch == '"') {
                        quoted = false;
                    } else {
                        field.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (ch == '\n') {
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else if (ch != '\r') {
                    field.append(ch);
                }
            }
            if (field.length() > 0 || !row.isEmpty()) {
                row.add(field.toString());
                rows.add(row);
            }
            return rows;
        }
    }

    @Override
    public String toString() {
        return root == null ? "built-in phrase banks" : root.toString();
    }

}
