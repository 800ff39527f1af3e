package dev.quarry.fingerprint.reference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The kind of each top-level set of a reference directory, from its {@value #FILE}: one line per
 * set, {@code folder<TAB>kind[<TAB>note]}, after an optional header line {@code folder<TAB>kind<TAB>note};
 * blank lines and lines starting with {@code #} are skipped. The folder is a top-level folder of
 * the directory, or the name without extensions of a file at its top (the entries' source name).
 *
 * <ul>
 *   <li>a kind naming a {@link ReferenceKind} (any case) gives the set that kind;
 *   <li>any other single word (e.g. {@code notes}) leaves the set unindexed, as {@code trace} does;
 *   <li>a set the file does not list is a {@link ReferenceKind#BENCHMARK benchmark}, and so is
 *       every set of a directory without the file.
 * </ul>
 *
 * A line with fewer than two tab-separated fields, an empty field, a folder that is a path or a
 * kind that is not one word, or a folder listed twice is an error naming the file and the line,
 * so that a mistyped file fails at start-up instead of silently turning a conversation set into a
 * benchmark. Immutable and thread-safe.
 */
public final class ReferenceKinds {
    /** The file name, at the top of a reference directory. */
    public static final String FILE = "KINDS.tsv";
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final ReferenceKinds NONE = new ReferenceKinds(Map.of(), Map.of());

    /** Listed sets and their kinds; a set with an unknown kind maps to empty. */
    private final Map<String, Optional<ReferenceKind>> kinds;
    private final Map<String, String> ignored;

    private ReferenceKinds(Map<String, Optional<ReferenceKind>> kinds, Map<String, String> ignored) {
        this.kinds = Collections.unmodifiableMap(kinds);
        this.ignored = Collections.unmodifiableMap(ignored);
    }

    /** No file: every set is a benchmark. */
    public static ReferenceKinds none() {
        return NONE;
    }

    /**
     * The {@value #FILE} of {@code root}, or {@link #none()} when it has none.
     *
     * @throws IOException when the file cannot be read or a line is malformed (the message names
     *     the file and the line)
     */
    public static ReferenceKinds read(Path root) throws IOException {
        Path file = root.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses the lines of a kinds file.
     *
     * @param where the file's name for error messages
     * @throws IOException naming {@code where} and the line when a line is malformed
     */
    static ReferenceKinds parse(List<String> lines, String where) throws IOException {
        Map<String, Optional<ReferenceKind>> kinds = new TreeMap<>();
        Map<String, String> ignored = new TreeMap<>();
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 3);
            boolean header = first && f.length >= 2 && f[0].strip().equalsIgnoreCase("folder")
                    && f[1].strip().equalsIgnoreCase("kind");
            first = false;
            if (header) {
                continue;
            }
            String problem = problem(f, kinds);
            if (problem != null) {
                throw new IOException(where + " line " + (i + 1) + ": " + problem
                        + " (expected folder<TAB>kind[<TAB>note]): \"" + line + "\"");
            }
            String folder = f[0].strip();
            String kind = f[1].strip();
            Optional<ReferenceKind> known = ReferenceKind.ofLabel(kind);
            kinds.put(folder, known);
            if (known.isEmpty()) {
                ignored.put(folder, kind);
            }
        }
        return new ReferenceKinds(kinds, ignored);
    }

    private static String problem(String[] f, Map<String, ?> seen) {
        if (f.length < 2) {
            return "no tab between folder and kind";
        }
        String folder = f[0].strip();
        String kind = f[1].strip();
        if (folder.isEmpty() || kind.isEmpty()) {
            return "empty " + (folder.isEmpty() ? "folder" : "kind");
        }
        if (folder.contains("/") || folder.contains("\\") || folder.equals(".") || folder.equals("..")) {
            return "folder must be a top-level folder name, not a path";
        }
        if (!WORD.matcher(kind).matches()) {
            return "kind must be one word (benchmark, instruction, conversation, trace, or another to skip the folder)";
        }
        return seen.containsKey(folder) ? "folder " + folder + " listed twice" : null;
    }

    /**
     * The kind of set {@code source} (a top-level folder, or a top-level file's name without
     * extensions): its listed kind, {@link ReferenceKind#BENCHMARK} when unlisted, empty when its
     * kind is not one Quarry knows.
     */
    public Optional<ReferenceKind> kindOf(String source) {
        return kinds.getOrDefault(source, Optional.of(ReferenceKind.BENCHMARK));
    }

    /** True when the items of {@code source} are read: a known kind other than {@code trace}. */
    public boolean indexed(String source) {
        return kindOf(source).filter(k -> k != ReferenceKind.TRACE).isPresent();
    }

    /** Sets listed with a kind Quarry does not know, and that kind; they are not indexed. */
    public Map<String, String> ignored() {
        return ignored;
    }
}
