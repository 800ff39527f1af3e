package dev.quarry.detectors.independence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the detectors independent of the traffic generator they are evaluated on: a detector that
 * matches a phrase the generator writes separates the generator's archetypes, not attackers from
 * legitimate products. Every string literal and resource text of {@code detectors/} and
 * {@code fingerprint/} is compared with the string literals and resources of the generator
 * ({@code test-corpora/src/main}).
 *
 * <ul>
 *   <li>No phrase of three or more words may appear on both sides. Phrases made only of
 *       closed-class words ({@code independence/function-words.txt}: "one of the", "how do i")
 *       are grammar and do not count; a phrase a paper uses ({@code allowed-cues.tsv}) is
 *       allowed.</li>
 *   <li>No single cue word of a detector lexicon ({@code lexicon/*.tsv}) may appear in the
 *       generator's text, unless it is on {@code independence/allowed-cues.tsv}, where each entry
 *       names the paper or report that uses the term.</li>
 * </ul>
 */
class GeneratorIndependenceTest {
    private static final Path ROOT = findRoot();
    /** Comments, string literals and text blocks, in the order they start (a comment may quote). */
    private static final Pattern TOKEN = Pattern.compile(
            "//[^\\n]*|/\\*.*?\\*/|\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    private static final Pattern WORD = Pattern.compile("[a-z0-9']+");
    private static final int PHRASE_WORDS = 3;

    @Test
    void detectorsShareNoPhraseOfThreeWordsWithTheGenerator() {
        Set<String> function = resourceWords("function-words.txt");
        Map<String, String> generator = new HashMap<>();
        for (Text t : generatorTexts()) {
            for (String p : phrases(t.text, function)) {
                generator.putIfAbsent(p, t.where);
            }
        }
        Set<String> allowed = allowedCues();
        Set<String> shared = new TreeSet<>();
        for (Text t : detectorTexts()) {
            for (String p : phrases(t.text, function)) {
                if (generator.containsKey(p) && !allowed.contains(p)) {
                    shared.add("\"" + p + "\" in " + t.where + " and " + generator.get(p));
                }
            }
        }
        assertTrue(shared.isEmpty(), () -> shared.size() + " shared phrases:\n" + String.join("\n", shared));
    }

    @Test
    void detectorCueWordsAreAbsentFromTheGeneratorUnlessAPaperUsesThem() {
        Set<String> allowed = allowedCues();
        Set<String> generatorWords = new HashSet<>();
        for (Text t : generatorTexts()) {
            generatorWords.addAll(words(t.text));
        }
        Set<String> offending = new TreeSet<>();
        for (Path lexicon : files(ROOT.resolve("detectors/src/main/resources"), ".tsv")) {
            for (String line : lines(lexicon)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t");
                String cue = cells.length > 1 ? cells[1].strip().toLowerCase(Locale.ROOT) : "";
                List<String> cueWords = words(cue);
                if (cueWords.size() == 1 && generatorWords.contains(cueWords.get(0)) && !allowed.contains(cueWords.get(0))) {
                    offending.add(cueWords.get(0) + " (" + ROOT.relativize(lexicon) + ")");
                }
            }
        }
        assertTrue(offending.isEmpty(), () -> "cue words the generator also writes: " + offending);
    }

    private record Text(String where, String text) {}

    /** Cue words and phrases a paper or report uses, each listed with it. */
    private static Set<String> allowedCues() {
        Set<String> allowed = new HashSet<>();
        for (String line : resourceLines("allowed-cues.tsv")) {
            String[] cells = line.split("\t");
            assertTrue(cells.length == 2 && !cells[1].isBlank(), "allowed cue without a source: " + line);
            allowed.add(String.join(" ", words(cells[0])));
        }
        return allowed;
    }

    /**
     * What detectors match traffic with: the string literals of the detector, cluster and fusion
     * code, the cue lexicons, and the fingerprint module's literals. Not the benign reference sample
     * of {@code capability_coverage}, which is a distribution compared as a whole, never matched
     * phrase by phrase; nor configuration, codec and wiring code, whose literals are messages.
     */
    private static List<Text> detectorTexts() {
        List<Text> out = new ArrayList<>();
        for (String pkg : List.of("detector", "cluster", "fusion", "watermark")) {
            out.addAll(literals(ROOT.resolve("detectors/src/main/java/dev/quarry/detectors/" + pkg)));
        }
        out.addAll(resources(ROOT.resolve("detectors/src/main/resources/dev/quarry/detectors/lexicon")));
        return out;
    }

    /** What the generator writes traffic with: its archetypes, text banks and text sources. */
    private static List<Text> generatorTexts() {
        List<Text> out = new ArrayList<>();
        for (String pkg : List.of("archetype", "text", "source", "watermark")) {
            out.addAll(literals(ROOT.resolve("test-corpora/src/main/java/dev/quarry/corpora/" + pkg)));
        }
        out.addAll(resources(ROOT.resolve("test-corpora/src/main/resources")));
        return out;
    }

    private static List<Text> literals(Path dir) {
        List<Text> out = new ArrayList<>();
        for (Path f : files(dir, ".java")) {
            String src = read(f);
            Matcher m = TOKEN.matcher(src);
            while (m.find()) {
                if (m.group(1) == null && m.group(2) == null) {
                    continue; // a comment: quotes in javadoc are examples, not what the code matches
                }
                String s = m.group(1) != null ? m.group(1) : m.group(2);
                out.add(new Text(ROOT.relativize(f).toString(), s.replace("\\n", " ").replace("\\t", " ")));
            }
        }
        return out;
    }

    private static List<Text> resources(Path dir) {
        List<Text> out = new ArrayList<>();
        for (Path f : files(dir, "")) {
            if (f.toString().contains("META-INF")) {
                continue;
            }
            for (String line : lines(f)) {
                if (line.startsWith("#")) {
                    continue;
                }
                // a lexicon line is kind<TAB>cue<TAB>source: only the cue is matched against traffic
                String[] cells = line.split("\t");
                out.add(new Text(ROOT.relativize(f).toString(), f.toString().endsWith(".tsv") && cells.length > 1
                        ? cells[1] : line));
            }
        }
        return out;
    }

    /** Word n-grams of three words, lower case, that contain at least one content word. */
    static Set<String> phrases(String text, Set<String> function) {
        List<String> w = words(text.toLowerCase(Locale.ROOT));
        Set<String> out = new HashSet<>();
        for (int i = 0; i + PHRASE_WORDS <= w.size(); i++) {
            List<String> gram = w.subList(i, i + PHRASE_WORDS);
            boolean content = false;
            for (String g : gram) {
                content |= !function.contains(g) && !g.chars().allMatch(Character::isDigit);
            }
            if (content) {
                out.add(String.join(" ", gram));
            }
        }
        return out;
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static Set<String> resourceWords(String name) {
        Set<String> out = new HashSet<>();
        for (String line : resourceLines(name)) {
            out.addAll(words(line));
        }
        return out;
    }

    private static List<String> resourceLines(String name) {
        List<String> out = new ArrayList<>();
        for (String line : lines(ROOT.resolve("detectors/src/test/resources/dev/quarry/detectors/independence/" + name))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line);
            }
        }
        return out;
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path f) {
        return List.of(read(f).split("\n"));
    }

    private static Path findRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("test-corpora/src/main/java"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("project root with test-corpora/ not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
