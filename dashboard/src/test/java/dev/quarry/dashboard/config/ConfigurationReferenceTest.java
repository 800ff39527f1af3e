package dev.quarry.dashboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.detectors.detector.DetectorRegistry;
import dev.quarry.detectors.detector.DetectorSection;
import io.dropwizard.core.Configuration;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code config.yml} and the configuration reference of docs/operations.md agree with the
 * configuration classes: every key is documented, every key written exists, and the defaults
 * written are the code's. A value in {@code config.yml} may differ from the code's default only
 * where a comment on its line, or right above it, says that it {@value #OVERRIDE}.
 */
class ConfigurationReferenceTest {
    /** What a {@code config.yml} comment says of a value that is deliberately not the code's default. */
    static final String OVERRIDE = "overrides the code default";
    private static final Path OPERATIONS = Path.of("..", "docs", "operations.md");
    private static final java.util.regex.Pattern KEY_LINE = java.util.regex.Pattern.compile("^( *)([A-Za-z]\\w*):(.*)$");

    private final ConfigurationKeys config = new ConfigurationKeys();

    /** One row of the reference table: its keys (grouped with " / ") and the defaults cell, split alike. */
    private record Row(List<String> keys, List<String> defaults) {}

    @Test
    void everyKeyOfTheClassesIsInTheOperationsReference() throws IOException {
        Set<String> documented = reference().stream().flatMap(r -> r.keys().stream()).collect(Collectors.toSet());
        List<String> missing = config.referenceKeys().stream().filter(k -> !k.deprecated()).map(ConfigurationKeys.Key::path)
                .filter(p -> !documented.contains(p)).toList();
        assertEquals(List.of(), missing, "keys missing from the configuration reference in docs/operations.md");
    }

    @Test
    void everyKeyOfTheOperationsReferenceExists() throws IOException {
        List<String> unknown = reference().stream().flatMap(r -> r.keys().stream()).filter(k -> !config.hasKey(k)).toList();
        assertEquals(List.of(), unknown, "docs/operations.md documents keys no configuration class has");
    }

    @Test
    void operationsReferenceStatesTheCodeDefaults() throws IOException {
        QuarryConfiguration defaults = new QuarryConfiguration();
        List<String> wrong = new ArrayList<>();
        for (Row row : reference()) {
            if (row.defaults().size() != row.keys().size()) {
                continue; // a default written as prose, not one per key
            }
            for (int i = 0; i < row.keys().size(); i++) {
                Object code = ConfigurationKeys.valueAt(defaults, row.keys().get(i));
                Boolean same = sameDefault(code, row.defaults().get(i));
                if (Boolean.FALSE.equals(same)) {
                    wrong.add(row.keys().get(i) + ": documented " + row.defaults().get(i) + ", code " + code);
                }
            }
        }
        assertEquals(List.of(), wrong, "docs/operations.md states defaults the code does not have");
    }

    @Test
    void everyKeyInConfigYmlExists() throws IOException {
        Set<String> dropwizard = config.mapper.getDeserializationConfig()
                .introspect(config.mapper.constructType(Configuration.class)).findProperties().stream()
                .map(BeanPropertyDefinition::getName).collect(Collectors.toSet());
        List<String> unknown = new ArrayList<>();
        JsonNode yml = config.configYml();
        yml.fieldNames().forEachRemaining(top -> {
            if (!dropwizard.contains(top)) {
                for (String path : leaves(yml.get(top), top)) {
                    if (!config.hasKey(path)) {
                        unknown.add(path);
                    }
                }
            }
        });
        assertEquals(List.of(), unknown, "config.yml sets keys no configuration class has");
    }

    @Test
    void configYmlStatesEveryKey() throws IOException {
        JsonNode yml = config.configYml();
        List<String> missing = config.referenceKeys().stream().filter(k -> !k.deprecated())
                .map(ConfigurationKeys.Key::path).filter(p -> ConfigurationKeys.get(yml, p) == null).toList();
        assertEquals(List.of(), missing, "config.yml leaves out keys");
    }

    @Test
    void configYmlStatesTheCodeDefaultsUnlessACommentMarksAnOverride() throws Exception {
        QuarryConfiguration loaded = config.load(config.configYml());
        QuarryConfiguration defaults = new QuarryConfiguration();
        Map<String, List<String>> comments = commentsByKey(Files.readAllLines(ConfigurationKeys.CONFIG_YML));
        List<String> unmarked = new ArrayList<>();
        for (ConfigurationKeys.Key key : config.referenceKeys()) {
            Object inFile = ConfigurationKeys.valueAt(loaded, key.path());
            Object inCode = ConfigurationKeys.valueAt(defaults, key.path());
            boolean marked = comments.getOrDefault(key.path(), List.of()).stream().anyMatch(c -> c.contains(OVERRIDE));
            if (!Objects.equals(inFile, inCode) && !marked) {
                unmarked.add(key.path() + ": " + inFile + " in config.yml, " + inCode + " in code");
            }
        }
        assertEquals(List.of(), unmarked, "config.yml values that differ from the code's defaults without a comment"
                + " saying it " + OVERRIDE);
    }

    @Test
    void everyDetectorSectionsKeyIsWhereTheYamlBindsIt() {
        QuarryConfiguration defaults = new QuarryConfiguration();
        for (DetectorSection<?> s : DetectorRegistry.of(defaults.detection(), defaults.watermark()).sections()) {
            assertTrue(config.hasKey(s.key()) && config.key(s.key()).section(), s.key() + " is no configuration section");
            assertSame(s, ConfigurationKeys.valueAt(defaults, s.key()), s.key() + " binds another section than "
                    + s.getClass().getSimpleName());
        }
    }

    /** The rows of the table under "## Configuration" in docs/operations.md. */
    private static List<Row> reference() throws IOException {
        List<Row> rows = new ArrayList<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(OPERATIONS)) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Configuration");
            } else if (inSection && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                rows.add(new Row(keys(cells[1].trim()), List.of(cells[2].trim().split(" / "))));
            }
        }
        assertTrue(rows.size() > 20, "no configuration reference table in " + OPERATIONS);
        return rows;
    }

    /** {@code `a.b.c / d / e`} is {@code a.b.c}, {@code a.b.d} and {@code a.b.e}. */
    private static List<String> keys(String cell) {
        String[] names = cell.replace("`", "").split(" / ");
        String prefix = names[0].substring(0, names[0].lastIndexOf('.') + 1);
        List<String> keys = new ArrayList<>(List.of(names[0].trim()));
        for (int i = 1; i < names.length; i++) {
            keys.add(prefix + names[i].trim());
        }
        return keys;
    }

    /** Whether a documented default is the code's; null when it is prose this test does not read. */
    private static Boolean sameDefault(Object code, String documented) {
        boolean literal = documented.length() >= 2 && documented.startsWith("`") && documented.endsWith("`")
                && documented.indexOf('`', 1) == documented.length() - 1;
        String text = literal ? documented.substring(1, documented.length() - 1) : documented;
        if (code instanceof Number n) {
            try {
                return new BigDecimal(text).compareTo(new BigDecimal(n.toString())) == 0;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (code instanceof Boolean b) {
            return text.equals("true") || text.equals("false") ? b == Boolean.parseBoolean(text) : null;
        }
        if (code instanceof Duration d) {
            try {
                return d.equals(Duration.parse(text));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (!literal) {
            return null;
        }
        if (code instanceof Enum<?> e) {
            return e.name().equalsIgnoreCase(text);
        }
        if (code instanceof String s) {
            return s.equals(text.equals("\"\"") ? "" : text);
        }
        if (code instanceof Collection<?> c) {
            return text.equals("[]") ? c.isEmpty() : null;
        }
        if (code instanceof Map<?, ?> m) {
            return text.equals("{}") ? m.isEmpty() : null;
        }
        return null;
    }

    /** The leaf paths under a node: values, lists, and maps that are keys of their own. */
    private List<String> leaves(JsonNode node, String path) {
        if (node.isObject() && !(config.hasKey(path) && config.key(path).leaf())) {
            List<String> out = new ArrayList<>();
            node.fieldNames().forEachRemaining(name -> out.addAll(leaves(node.get(name), path + "." + name)));
            return out;
        }
        return List.of(path);
    }

    /**
     * For each key of {@code config.yml} (block style, as the file is written), its trailing
     * comment and the comment lines right above it.
     */
    static Map<String, List<String>> commentsByKey(List<String> lines) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Deque<Map.Entry<Integer, String>> parents = new ArrayDeque<>();
        List<String> above = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#")) {
                above.add(trimmed);
                continue;
            }
            Matcher m = KEY_LINE.matcher(line);
            if (!m.matches()) {
                above.clear(); // blank lines and list items
                continue;
            }
            int indent = m.group(1).length();
            while (!parents.isEmpty() && parents.peek().getKey() >= indent) {
                parents.pop();
            }
            StringBuilder path = new StringBuilder();
            parents.descendingIterator().forEachRemaining(p -> path.append(p.getValue()).append('.'));
            path.append(m.group(2));
            parents.push(Map.entry(indent, m.group(2)));
            List<String> comments = new ArrayList<>(above);
            int hash = m.group(3).indexOf(" #");
            if (hash >= 0) {
                comments.add(m.group(3).substring(hash + 1));
            }
            out.put(path.toString(), comments);
            above.clear();
        }
        return out;
    }
}
