package dev.quarry.fingerprint.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads public prompt sets laid out like {@code shared/corpora} (GSM8K, MMLU, Open-Assistant,
 * Self-Instruct, Alpaca, Code Alpaca, MT-bench, UltraChat, hh-rlhf, ...) into
 * {@link ReferenceEntry reference entries}, by one generic rule rather than a list of known files:
 *
 * <ul>
 *   <li>every {@code *.jsonl}, {@code *.json}, {@code *.csv} file under the directory, recursively
 *       and in path order, each optionally gzipped ({@code *.jsonl.gz}); other files are ignored;
 *   <li>the source name of an entry is the first path element under the directory (its dataset
 *       folder), or the file name without extensions for a file at the top;
 *   <li>JSONL: one record per line; JSON: a top-level array holds records; a top-level object is
 *       one record if it has a text field below, else its arrays' elements are records, else its
 *       string values are (MBPP+ is a map of id to prompt);
 *   <li>a record that is a string is the text; an object gives the first present of
 *       {@value #FIELDS_DOC}; a field holding an object gives that object's {@code text};
 *       {@code chosen} (hh-rlhf) gives its first {@code Human:} turn;
 *   <li>CSV: the first column that, in the first row having one, holds at least three words with
 *       letters (MMLU's question column; a header row falls out by the same rule; traces with
 *       only numbers and timestamps give nothing);
 *   <li>texts with fewer than {@code minWords} words are dropped (they are not distinctive), longer
 *       than {@value #MAX_CHARS} characters are cut there;
 *   <li>each set has the kind its line in the directory's {@link ReferenceKinds#FILE} gives
 *       (benchmark when unlisted); {@code trace} sets and sets of unknown kinds are not read;
 *   <li>a benchmark's training split ({@link #trainingSplit}) is a set of its own, named
 *       {@code <folder>}{@value #TRAINING_SPLIT} ({@link #isTrainingSplit}), of the folder's kind.
 *       Evaluations run a benchmark's test split (lm-evaluation-harness, simple-evals and HELM
 *       score GSM8K on its test set), while distillation sets are built by having a teacher answer
 *       the training splits: MetaMathQA (Yu et al. 2023) rewrote GSM8K's and MATH's training
 *       questions with GPT-3.5-Turbo, and WizardMath (Luo et al. 2023) evolved its instructions
 *       from the same training questions.
 * </ul>
 *
 * Stateless; each call reads its files afresh.
 */
public final class ReferenceCorpusReader {
    static final String FIELDS_DOC = "question, instruction, Instruction, prompt, text, data, input, turns[0], "
            + "conversations[0].value, messages[0].content, chosen";
    private static final String[] FIELDS = {"question", "instruction", "Instruction", "prompt", "text", "data",
        "input"};
    static final int MAX_CHARS = 4_000;
    /** Suffix of the set name given to a benchmark's training split ({@code grade-school-math:train}). */
    public static final String TRAINING_SPLIT = ":train";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int minWords;

    /** @param minWords texts with fewer words are skipped */
    public ReferenceCorpusReader(int minWords) {
        this.minWords = minWords;
    }

    /**
     * Every entry under {@code root}, in path order then file order, each with its set's kind by
     * the {@link ReferenceKinds#FILE} of {@code root}. Sets of kind {@code trace} or of a kind
     * Quarry does not know are skipped without listing their files.
     *
     * @throws IOException when a file cannot be read or the kinds file is malformed
     */
    public void read(Path root, Consumer<ReferenceEntry> sink) throws IOException {
        ReferenceKinds kinds = ReferenceKinds.read(root);
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                boolean topLevel = root.equals(dir.getParent());
                return topLevel && !kinds.indexed(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                boolean skipped = root.equals(file.getParent()) && !kinds.indexed(stem(file.getFileName().toString()));
                if (attrs.isRegularFile() && format(file) != null && !skipped) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        for (Path file : files) {
            Path rel = root.relativize(file);
            String set = rel.getNameCount() > 1 ? rel.getName(0).toString() : stem(rel.toString());
            ReferenceKind setKind = kinds.kindOf(set).orElseThrow();
            boolean training = setKind == ReferenceKind.BENCHMARK && trainingSplit(rel);
            String source = training ? set + TRAINING_SPLIT : set;
            Consumer<String> texts = t -> accept(source, setKind, t, sink);
            try {
                switch (format(file)) {
                    case "jsonl" -> readJsonl(file, texts);
                    case "json" -> readJson(file, texts);
                    default -> readCsv(file, texts);
                }
            } catch (IOException | UncheckedIOException e) {
                throw new IOException("cannot read reference file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private void accept(String source, ReferenceKind kind, String text, Consumer<ReferenceEntry> sink) {
        if (text == null) {
            return;
        }
        String t = text.strip();
        if (t.length() > MAX_CHARS) {
            t = t.substring(0, Character.isHighSurrogate(t.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS);
        }
        if (words(t) >= minWords) {
            sink.accept(new ReferenceEntry(source, kind, t));
        }
    }

    private static String format(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        name = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        for (String ext : new String[] {"jsonl", "json", "csv"}) {
            if (name.endsWith("." + ext)) {
                return ext;
            }
        }
        return null;
    }

    /** Whether {@code source} names a benchmark's training split read by this reader. */
    public static boolean isTrainingSplit(String source) {
        return source.endsWith(TRAINING_SPLIT);
    }

    /**
     * Whether {@code rel}, a file inside a set's folder, holds a training split: a path element
     * under the folder (a directory, or the file name without extensions) names {@code train} or
     * {@code training} as a word and none names an evaluation split ({@code test}, {@code dev},
     * {@code val}, {@code valid}, {@code validation}, {@code eval}). GSM8K's
     * {@code data/train.jsonl} is one; its {@code test.jsonl} and {@code test_socratic.jsonl} are not.
     */
    static boolean trainingSplit(Path rel) {
        boolean train = false;
        for (int i = 1; i < rel.getNameCount(); i++) {
            String name = rel.getName(i).toString();
            if (i == rel.getNameCount() - 1) {
                name = stem(name);
            }
            for (String word : name.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
                switch (word) {
                    case "train", "training" -> train = true;
                    case "test", "dev", "val", "valid", "validation", "eval" -> {
                        return false;
                    }
                    default -> { }
                }
            }
        }
        return train;
    }

    private static String stem(String name) {
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static void readJsonl(Path file, Consumer<String> texts) throws IOException {
        try (BufferedReader r = open(file)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    texts.accept(recordText(JSON.readTree(line)));
                }
            }
        }
    }

    private static void readJson(Path file, Consumer<String> texts) throws IOException {
        JsonNode root;
        try (BufferedReader r = open(file)) {
            root = JSON.readTree(r);
        }
        if (root == null) {
            return;
        }
        if (root.isArray()) {
            root.forEach(n -> texts.accept(recordText(n)));
            return;
        }
        String own = recordText(root);
        if (own != null || !root.isObject()) {
            texts.accept(own);
            return;
        }
        boolean arrays = false;
        for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
            JsonNode v = it.next();
            if (v.isArray()) {
                arrays = true;
                v.forEach(n -> texts.accept(recordText(n)));
            }
        }
        if (!arrays) {
            root.elements().forEachRemaining(v -> texts.accept(v.isTextual() ? v.asText() : null));
        }
    }

    /** The prompt text of one record by the field rule, or null. */
    static String recordText(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (!n.isObject()) {
            return null;
        }
        for (String f : FIELDS) {
            String t = textOf(n.get(f));
            if (t != null) {
                return t;
            }
        }
        String t = textOf(n.path("turns").path(0));
        t = t != null ? t : textOf(n.path("conversations").path(0).get("value"));
        t = t != null ? t : textOf(n.path("messages").path(0).get("content"));
        return t != null ? t : firstHumanTurn(textOf(n.get("chosen")));
    }

    private static String textOf(JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isTextual() && !v.asText().isBlank()) {
            return v.asText();
        }
        return v.isObject() && v.path("text").isTextual() ? v.path("text").asText() : null;
    }

    private static String firstHumanTurn(String transcript) {
        if (transcript == null) {
            return null;
        }
        int start = transcript.indexOf("Human:");
        if (start < 0) {
            return null;
        }
        start += "Human:".length();
        int end = transcript.indexOf("\n\nAssistant:", start);
        return transcript.substring(start, end < 0 ? transcript.length() : end);
    }

    private void readCsv(Path file, Consumer<String> texts) throws IOException {
        int column = -1;
        try (BufferedReader r = open(file)) {
            for (List<String> row = csvRow(r); row != null; row = csvRow(r)) {
                if (column < 0) {
                    for (int c = 0; c < row.size() && column < 0; c++) {
                        if (words(row.get(c)) >= 3 && row.get(c).chars().anyMatch(Character::isLetter)) {
                            column = c;
                        }
                    }
                }
                if (column >= 0 && column < row.size()) {
                    texts.accept(row.get(column));
                }
            }
        }
    }

    /** One RFC 4180 record (quoted fields may hold commas, doubled quotes and newlines), or null at the end. */
    static List<String> csvRow(BufferedReader r) throws IOException {
        int ch = r.read();
        if (ch < 0) {
            return null;
        }
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (ch >= 0) {
            if (quoted) {
                if (ch == '"') {
                    r.mark(1);
                    int next = r.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        r.reset();
                    }
                } else {
                    field.append((char) ch);
                }
            } else if (ch == '"' && field.length() == 0) {
                quoted = true;
            } else if (ch == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n') {
                break;
            } else if (ch != '\r') {
                field.append((char) ch);
            }
            ch = r.read();
        }
        row.add(field.toString());
        return row;
    }

    static int words(String s) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            boolean space = Character.isWhitespace(s.charAt(i));
            if (!space && !in) {
                n++;
            }
            in = !space;
        }
        return n;
    }
}
