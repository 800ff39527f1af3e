package dev.quarry.dashboard.config;

import io.dropwizard.util.DataSize;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.dashboard.DistinctInputs;
import dev.quarry.dashboard.KafkaSettings;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.auth.AuthSettings;
import dev.quarry.dashboard.runtime.ReplayCommand;
import dev.quarry.dashboard.sink.SinkSettings;
import dev.quarry.dashboard.sink.ValidSinks;
import dev.quarry.detectors.config.EnoughSignatureSlots;
import dev.quarry.detectors.config.ExactlyOneOf;
import dev.quarry.detectors.config.FusionConfig;
import dev.quarry.detectors.config.KeyOrder;
import dev.quarry.detectors.config.KnownDetectors;
import dev.quarry.detectors.config.LaunchPivotConfig;
import dev.quarry.detectors.detector.DetectorRegistry;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationValidationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.metadata.BeanDescriptor;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.ContainerElementTypeDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every constraint on the configuration classes rejects a value that breaks it, and names the
 * key's YAML path, when {@code config.yml} is loaded the way {@code quarry check} loads it. The
 * constraints are found through the validator's metadata of every class the YAML binds, so a new
 * constraint is tested without touching this class (unless it is of a kind it cannot yet break).
 */
class ConfigurationConstraintsTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** A valid first entry for each kind of list entry, so that one of its keys can be broken. */
    private static final Map<Class<?>, String> ENTRIES = Map.of(
            SinkSettings.class, "{\"name\": \"siem\", \"type\": \"ocsf\", \"file\": \"findings.jsonl\"}",
            KafkaSettings.Input.class, "{\"topic\": \"litellm.logs\", \"format\": \"litellm\"}",
            LaunchPivotConfig.Launch.class, "{\"model\": \"orion-2\", \"ts\": \"2026-11-21T16:00:00Z\"}",
            FusionConfig.UseCase.class, "{\"orgId\": \"org_acme\", \"expectedGroups\": [\"capability_sweep\"]}",
            AuthSettings.Token.class, "{\"name\": \"soc\", \"role\": \"analyst\", \"sha256\": \""
                    + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}");

    private final ConfigurationKeys config = new ConfigurationKeys();

    @TempDir
    Path dir;

    /** One broken key: how to break it, where the violation must be reported, and which violation it is. */
    private record Breakage(String name, String reportedPath, Consumer<ObjectNode> breakIt,
            Predicate<ConstraintViolation<?>> expected) {}

    @Test
    void shippedConfigYmlIsValid() throws Exception {
        QuarryConfiguration loaded = config.load(config.configYml());
        assertEquals(64, loaded.detection().logitBiasSweep().watchTokens());
    }

    @TestFactory
    Stream<DynamicTest> everyConstraintRejectsABreakingValueByItsYamlPath() throws Exception {
        ObjectNode shipped = config.configYml();
        List<Breakage> breakages = breakages(shipped);
        assertTrue(breakages.stream().anyMatch(b -> b.reportedPath().equals("detection.logitBiasSweep.watchTokens")),
                "the constraints were not found");
        return breakages.stream().map(b -> DynamicTest.dynamicTest(b.name(), () -> {
            ObjectNode tree = shipped.deepCopy();
            b.breakIt().accept(tree);
            ConfigurationValidationException e = assertThrows(ConfigurationValidationException.class,
                    () -> config.load(tree), b.name() + " passed validation");
            assertTrue(e.getConstraintViolations().stream().anyMatch(b.expected()),
                    b.name() + " was not reported as such: " + e.getMessage());
            assertTrue(e.getMessage().contains("* " + b.reportedPath()),
                    "the message does not name " + b.reportedPath() + ": " + e.getMessage());
        }));
    }

    @Test
    void everySectionAndListOfEntriesIsValidatedInTurn() {
        for (ConfigurationKeys.Key key : config.keys) {
            boolean entries = config.sections.stream().anyMatch(s -> s.path().equals(key.path() + "[0]"));
            if (key.section() || entries) {
                PropertyDescriptor p = config.validator.getConstraintsForClass(key.field().getDeclaringClass())
                        .getConstraintsForProperty(key.field().getName());
                assertTrue(p != null && p.isCascaded(), key.path() + " is not @Valid: its constraints would go unchecked");
            }
        }
    }

    @Test
    void anUnknownKeyFailsNamingItsPath() throws Exception {
        ObjectNode tree = config.configYml();
        ConfigurationKeys.set(tree, "detection.logitBiasSweep.watchToken", JSON.numberNode(64));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> config.load(tree));
        assertTrue(e.getMessage().contains("Unrecognized field at: detection.logitBiasSweep.watchToken"), e.getMessage());
    }

    @Test
    void commandsThatLoadTheirOwnConfigurationRejectWhatCheckRejects() throws Exception {
        Path typo = dir.resolve("typo.yml");
        Files.writeString(typo, "detection:\n  logitBiasSweep:\n    watchToken: 64\n");
        ConfigurationException unknown = assertThrows(ConfigurationException.class,
                () -> ReplayCommand.loadConfig(config.bootstrap, typo.toString()));
        assertTrue(unknown.getMessage().contains("detection.logitBiasSweep.watchToken"), unknown.getMessage());

        Path zero = dir.resolve("zero.yml");
        Files.writeString(zero, "detection:\n  logitBiasSweep:\n    watchTokens: 0\n");
        ConfigurationException invalid = assertThrows(ConfigurationValidationException.class,
                () -> ReplayCommand.loadConfig(config.bootstrap, zero.toString()));
        assertTrue(invalid.getMessage().contains("detection.logitBiasSweep.watchTokens must be greater than or equal to 1"),
                invalid.getMessage());
    }

    @Test
    void signaturesShorterThanTheClusterSideWatchesFailNamingTheReader() throws Exception {
        ObjectNode tree = config.configYml();
        ConfigurationKeys.set(tree, "detection.hydra.templateSlots", JSON.numberNode(12));
        ConfigurationKeys.set(tree, "detection.signatures.slots", JSON.numberNode(10));
        ConfigurationValidationException e = assertThrows(ConfigurationValidationException.class, () -> config.load(tree));
        assertTrue(e.getMessage().contains("detection.signatures.slots must be at least 12: detection.hydra.templateSlots (12)"),
                e.getMessage());
    }

    @Test
    void signaturesTooShortToResolveLaunchPivotsSimilarityFail() throws Exception {
        ObjectNode tree = config.configYml();
        ConfigurationKeys.set(tree, "detection.hydra.templateSlots", JSON.numberNode(4));
        ConfigurationKeys.set(tree, "detection.templatedQueries.joinSimilarity", JSON.numberNode(0.5));
        ConfigurationKeys.set(tree, "detection.signatures.slots", JSON.numberNode(5));
        ConfigurationValidationException e = assertThrows(ConfigurationValidationException.class, () -> config.load(tree));
        assertEquals(1, e.getConstraintViolations().size(), e.getMessage());
        assertTrue(e.getMessage().contains("detection.signatures.slots must be at least 6: with fewer, one equal slot alone"
                + " reaches detection.launchPivot.templateSimilarity (0.2)"), e.getMessage());
    }

    @Test
    void aClusterPathThatIsOffNeedsNoTemplateSlots() throws Exception {
        ObjectNode tree = config.configYml();
        ConfigurationKeys.set(tree, "detection.hydra.enabled", JSON.booleanNode(false));
        ConfigurationKeys.set(tree, "detection.hydra.templateSlots", JSON.numberNode(100));
        assertEquals(64, config.load(tree).detection().signatures().slots());
    }

    @Test
    void anEncoderOverrideOfAMisspelledDetectorFailsNamingIt() throws Exception {
        ObjectNode tree = config.configYml();
        ConfigurationKeys.set(tree, "detection.encoders.detectors",
                JSON.objectNode().put("near_duplicate_query", "minilm-l6-v2"));
        ConfigurationValidationException e = assertThrows(ConfigurationValidationException.class, () -> config.load(tree));
        assertEquals(1, e.getConstraintViolations().size(), e.getMessage());
        assertTrue(e.getMessage().contains("detection.encoders.detectors names near_duplicate_query, which is no client"
                + " detector; they are logit_bias_sweep, templated_queries"), e.getMessage());
    }

    @Test
    void anEncoderOverrideOfACrossClientDetectorFails() throws Exception {
        ObjectNode tree = config.configYml();
        ConfigurationKeys.set(tree, "detection.encoders.detectors", JSON.objectNode().put("hydra_cluster", "minilm-l6-v2"));
        ConfigurationValidationException e = assertThrows(ConfigurationValidationException.class, () -> config.load(tree));
        assertTrue(e.getMessage().contains("detection.encoders.detectors names hydra_cluster, which is no client detector"),
                e.getMessage());
    }

    @Test
    void everyClientDetectorOfTheRegistryMayHaveAnEncoder() throws Exception {
        QuarryConfiguration defaults = new QuarryConfiguration();
        ObjectNode overrides = JSON.objectNode();
        DetectorRegistry.of(defaults.detection(), defaults.watermark()).names().forEach(n -> overrides.put(n, "hashing"));
        assertTrue(overrides.has("watermark_echo"), overrides.toString());
        ObjectNode tree = config.configYml();
        ConfigurationKeys.set(tree, "detection.encoders.detectors", overrides);
        assertEquals(overrides.size(), config.load(tree).detection().encoders().detectors().size());
    }

    @Test
    void anUnknownDetectorIsNamedAsWrittenNotInterpolated() throws Exception {
        ObjectNode tree = config.configYml();
        String name = "near_{message}_${'dup'.concat('licate')}_\\x";
        ConfigurationKeys.set(tree, "detection.encoders.detectors", JSON.objectNode().put(name, "hashing"));
        ConfigurationValidationException e = assertThrows(ConfigurationValidationException.class, () -> config.load(tree));
        assertTrue(e.getMessage().contains("detection.encoders.detectors names " + name + ", which"), e.getMessage());
    }

    private List<Breakage> breakages(ObjectNode shipped) throws Exception {
        List<Breakage> out = new ArrayList<>();
        for (ConfigurationKeys.Section section : config.sections) {
            BeanDescriptor bean = config.validator.getConstraintsForClass(section.type());
            Consumer<ObjectNode> entry = withEntry(section);
            for (ConstraintDescriptor<?> d : bean.getConstraintDescriptors()) {
                out.add(crossKey(section, d, shipped, entry));
            }
            for (PropertyDescriptor p : bean.getConstrainedProperties()) {
                ConfigurationKeys.Key key = keyOf(section, p);
                if (key == null) {
                    continue;
                }
                for (ConstraintDescriptor<?> d : p.getConstraintDescriptors()) {
                    JsonNode bad = breaking(d.getAnnotation(), key.type().getRawClass(), key.path());
                    out.add(new Breakage(key.path() + " = " + bad + " breaks @" + simpleName(d), key.path(),
                            entry.andThen(t -> ConfigurationKeys.set(t, key.path(), bad)),
                            v -> v.getPropertyPath().toString().equals(key.path()) && v.getConstraintDescriptor()
                                    .getAnnotation().equals(d.getAnnotation())));
                }
                for (ContainerElementTypeDescriptor element : p.getConstrainedContainerElementTypes()) {
                    for (ConstraintDescriptor<?> d : element.getConstraintDescriptors()) {
                        JsonNode bad = breaking(d.getAnnotation(), element.getElementClass(), key.path());
                        JsonNode container = key.type().isMapLikeType()
                                ? JSON.objectNode().set("probe", bad) : JSON.arrayNode().add(bad);
                        out.add(new Breakage(key.path() + " = " + container + " breaks @" + simpleName(d) + " on an element",
                                key.path() + "[", entry.andThen(t -> ConfigurationKeys.set(t, key.path(), container)),
                                v -> v.getPropertyPath().toString().startsWith(key.path() + "[") && v
                                        .getConstraintDescriptor().getAnnotation().equals(d.getAnnotation())));
                    }
                }
            }
        }
        return out;
    }

    /** The key a constrained property is, or null for Dropwizard's own; fails for a constraint off the YAML. */
    private ConfigurationKeys.Key keyOf(ConfigurationKeys.Section section, PropertyDescriptor p) {
        for (ConfigurationKeys.Key k : config.keys) {
            if (k.parent().equals(section.path()) && k.field().getName().equals(p.getPropertyName())) {
                return k;
            }
        }
        for (Class<?> c = section.type(); c != null; c = c.getSuperclass()) {
            if (declares(c, p.getPropertyName())) {
                if (!c.getName().startsWith("dev.quarry.")) {
                    return null; // server, logging, ...: Dropwizard's sections, checked by Dropwizard's constraints
                }
                break;
            }
        }
        fail(section.type().getSimpleName() + "." + p.getPropertyName() + " is constrained but is no YAML key");
        return null;
    }

    private static boolean declares(Class<?> c, String property) {
        String getter = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        return Stream.of(c.getDeclaredFields()).anyMatch(f -> f.getName().equals(property))
                || Stream.of(c.getDeclaredMethods()).anyMatch(m -> m.getName().equals("get" + getter)
                        || m.getName().equals("is" + getter));
    }

    /** For a list entry's constraints: puts a valid first entry in the list, else nothing. */
    private static Consumer<ObjectNode> withEntry(ConfigurationKeys.Section section) throws Exception {
        if (!section.entry()) {
            return t -> {};
        }
        String sample = ENTRIES.get(section.type());
        if (sample == null) {
            fail("no sample entry of " + section.type().getName() + " in ConfigurationConstraintsTest.ENTRIES");
        }
        JsonNode entry = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sample);
        String list = section.path().substring(0, section.path().length() - "[0]".length());
        return t -> {
            ArrayNode array = JSON.arrayNode();
            array.add(entry.deepCopy());
            ConfigurationKeys.set(t, list, array);
        };
    }

    /** A class-level rule between keys of one section. */
    private Breakage crossKey(ConfigurationKeys.Section section, ConstraintDescriptor<?> d, ObjectNode shipped,
            Consumer<ObjectNode> entry) {
        String prefix = section.path() + ".";
        if (d.getAnnotation() instanceof KeyOrder rule) {
            ConfigurationKeys.Key upper = config.key(prefix + rule.upper());
            JsonNode lowerNode = ConfigurationKeys.get(shipped, prefix + rule.lower());
            assertFalse(lowerNode == null || !lowerNode.isNumber(), "config.yml has no number at " + prefix + rule.lower());
            double bound = rule.factor() * lowerNode.doubleValue();
            boolean integral = upper.type().getRawClass() == int.class || upper.type().getRawClass() == long.class;
            JsonNode bad = integral ? JSON.numberNode((long) bound - (rule.orEqual() ? 1 : 0))
                    : JSON.numberNode(bound - (rule.orEqual() ? 1e-3 : 0));
            return new Breakage(upper.path() + " = " + bad + " breaks @KeyOrder(" + rule.lower() + " < " + rule.upper() + ")",
                    upper.path(), entry.andThen(t -> ConfigurationKeys.set(t, upper.path(), bad)),
                    v -> v.getPropertyPath().toString().equals(upper.path()) && v.getConstraintDescriptor()
                            .getAnnotation().equals(rule));
        }
        if (d.getAnnotation() instanceof ExactlyOneOf rule) {
            return new Breakage(section.path() + " with all of " + String.join(", ", rule.value()) + " breaks @ExactlyOneOf",
                    section.path(), entry.andThen(t -> {
                        for (String k : rule.value()) {
                            ConfigurationKeys.set(t, prefix + k, JSON.textNode("x"));
                        }
                    }), v -> v.getPropertyPath().toString().equals(section.path()) && v.getConstraintDescriptor()
                            .getAnnotation().equals(rule));
        }
        if (d.getAnnotation() instanceof EnoughSignatureSlots rule) {
            // One slot: fewer than the shipped readers need (hydra.templateSlots alone needs 6).
            String slots = prefix + "signatures.slots";
            return new Breakage(slots + " = 1 breaks @EnoughSignatureSlots", slots,
                    entry.andThen(t -> ConfigurationKeys.set(t, slots, JSON.numberNode(1))),
                    v -> v.getPropertyPath().toString().equals(slots) && v.getConstraintDescriptor()
                            .getAnnotation().equals(rule));
        }
        if (d.getAnnotation() instanceof KnownDetectors rule) {
            String overrides = prefix + "encoders.detectors";
            ObjectNode unknown = JSON.objectNode().put("no_such_detector", "hashing");
            return new Breakage(overrides + " = " + unknown + " breaks @KnownDetectors", overrides,
                    entry.andThen(t -> ConfigurationKeys.set(t, overrides, unknown)),
                    v -> v.getPropertyPath().toString().equals(overrides) && v.getConstraintDescriptor()
                            .getAnnotation().equals(rule));
        }
        if (d.getAnnotation() instanceof DistinctInputs rule) {
            String inputs = prefix + "inputs";
            ArrayNode twice = JSON.arrayNode();
            twice.addObject().put("topic", "quarry.events").put("format", "contract");
            twice.addObject().put("topic", "quarry.events").put("format", "litellm");
            return new Breakage(inputs + " with one topic twice breaks @DistinctInputs", inputs,
                    entry.andThen(t -> ConfigurationKeys.set(t, inputs, twice)),
                    v -> v.getPropertyPath().toString().equals(inputs) && v.getConstraintDescriptor()
                            .getAnnotation().equals(rule));
        }
        if (d.getAnnotation() instanceof ValidSinks rule) {
            // A webhook over plain http to a host that is not loopback.
            String url = prefix + "destinations[0].url";
            ArrayNode sinks = JSON.arrayNode();
            sinks.addObject().put("name", "hook").put("type", "webhook").put("url", "http://soc.example.com/hook")
                    .put("secret", "s3cret-value");
            return new Breakage(prefix + "destinations with an http webhook breaks @ValidSinks", url,
                    entry.andThen(t -> ConfigurationKeys.set(t, prefix + "destinations", sinks)),
                    v -> v.getPropertyPath().toString().equals(url) && v.getConstraintDescriptor()
                            .getAnnotation().equals(rule));
        }
        throw new AssertionError("no way to break @" + simpleName(d) + " on " + section.type().getName()
                + ": teach ConfigurationConstraintsTest.crossKey");
    }

    /** A value of the key's type that breaks the constraint. */
    private static JsonNode breaking(Annotation a, Class<?> type, String path) {
        if (a instanceof Min min) {
            return JSON.numberNode(min.value() - 1);
        }
        if (a instanceof Max max) {
            return JSON.numberNode(max.value() + 1);
        }
        if (a instanceof DecimalMin min) {
            BigDecimal v = new BigDecimal(min.value());
            return JSON.numberNode(min.inclusive() ? v.subtract(new BigDecimal("0.001")).doubleValue() : v.doubleValue());
        }
        if (a instanceof DecimalMax max) {
            BigDecimal v = new BigDecimal(max.value());
            return JSON.numberNode(max.inclusive() ? v.add(new BigDecimal("0.001")).doubleValue() : v.doubleValue());
        }
        if (a instanceof NotNull) {
            return JSON.nullNode();
        }
        if (a instanceof NotBlank) {
            return JSON.textNode(" ");
        }
        if (a instanceof NotEmpty) {
            return type == String.class ? JSON.textNode("") : JSON.arrayNode();
        }
        if (a instanceof Pattern p) {
            String bad = "no such value";
            int flags = 0;
            for (Pattern.Flag f : p.flags()) {
                flags |= f.getValue();
            }
            assertFalse(java.util.regex.Pattern.compile(p.regexp(), flags).matcher(bad).matches(), path);
            return JSON.textNode(bad);
        }
        if (a instanceof DurationMin min) {
            Duration d = Duration.ofDays(min.days()).plusHours(min.hours()).plusMinutes(min.minutes())
                    .plusSeconds(min.seconds()).plusMillis(min.millis()).plusNanos(min.nanos());
            return JSON.textNode((min.inclusive() ? d.minusMillis(1) : d).toString());
        }
        if (a instanceof DurationMax max) {
            Duration d = Duration.ofDays(max.days()).plusHours(max.hours()).plusMinutes(max.minutes())
                    .plusSeconds(max.seconds()).plusMillis(max.millis()).plusNanos(max.nanos());
            return JSON.textNode((max.inclusive() ? d.plusMillis(1) : d).toString());
        }
        if (a instanceof MinDataSize min) {
            return JSON.textNode(DataSize.bytes(min.unit().toBytes(min.value()) - 1).toString());
        }
        if (a instanceof MaxDataSize max) {
            return JSON.textNode(DataSize.bytes(max.unit().toBytes(max.value()) + 1).toString());
        }
        throw new AssertionError("no way to break @" + a.annotationType().getSimpleName() + " on " + path
                + ": teach ConfigurationConstraintsTest.breaking");
    }

    private static String simpleName(ConstraintDescriptor<?> d) {
        return d.getAnnotation().annotationType().getSimpleName();
    }
}
