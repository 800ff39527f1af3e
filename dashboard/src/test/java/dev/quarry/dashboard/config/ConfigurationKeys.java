package dev.quarry.dashboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.setup.Bootstrap;
import jakarta.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration as the application sees it: every key Quarry's own classes bind (walked with
 * the application's {@link ObjectMapper}, as Jackson binds the YAML), {@code config.yml} as a
 * tree, and loading a tree through the same factory and validator {@code quarry check} uses.
 * Dropwizard's own sections ({@code server}, {@code logging}, {@code metrics}, ...) are left out.
 */
final class ConfigurationKeys {
    /** The shipped production configuration, from the dashboard module's directory. */
    static final Path CONFIG_YML = Path.of("..", "config.yml");

    /** One key: its YAML path, the class that declares it and the Java field behind it. */
    record Key(String path, Class<?> owner, Field field, JavaType type, boolean section, boolean entryField) {
        /** Leaf: a value, a list or a map, not a section of further keys. */
        boolean leaf() {
            return !section;
        }

        boolean deprecated() {
            return field.isAnnotationPresent(Deprecated.class);
        }

        /** The path of the section that holds the key ("" at the top). */
        String parent() {
            int dot = path.lastIndexOf('.');
            return dot < 0 ? "" : path.substring(0, dot);
        }
    }

    /** A configuration section (or list entry) class and the YAML path it sits at. */
    record Section(String path, Class<?> type, boolean entry) {}

    final Bootstrap<QuarryConfiguration> bootstrap;
    final ObjectMapper mapper;
    final Validator validator;
    final List<Key> keys = new ArrayList<>();
    final List<Section> sections = new ArrayList<>();

    ConfigurationKeys() {
        QuarryApplication app = new QuarryApplication();
        bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        mapper = bootstrap.getObjectMapper();
        validator = bootstrap.getValidatorFactory().getValidator();
        walk(QuarryConfiguration.class, "", false);
    }

    private void walk(Class<?> type, String prefix, boolean entry) {
        sections.add(new Section(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), type, entry));
        BeanDescription bean = mapper.getDeserializationConfig().introspect(mapper.constructType(type));
        for (BeanPropertyDefinition p : bean.findProperties()) {
            AnnotatedMember member = p.getPrimaryMember();
            if (member == null || !isQuarryClass(member.getDeclaringClass())) {
                continue; // Dropwizard's server, logging, metrics, admin, health
            }
            Field field = field(member.getDeclaringClass(), p.getInternalName());
            JavaType t = p.getPrimaryType();
            String path = prefix + p.getName();
            boolean section = isQuarryClass(t.getRawClass()) && !t.isEnumType();
            keys.add(new Key(path, member.getDeclaringClass(), field, t, section, entry));
            if (section) {
                walk(t.getRawClass(), path + ".", entry);
            } else if (t.isCollectionLikeType() && isQuarryClass(t.getContentType().getRawClass())
                    && !t.getContentType().isEnumType()) {
                walk(t.getContentType().getRawClass(), path + "[0].", true);
            }
        }
    }

    private static boolean isQuarryClass(Class<?> c) {
        return c.getName().startsWith("dev.quarry.");
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new AssertionError("configuration property " + owner.getSimpleName() + "." + name + " is not a field", e);
        }
    }

    /** The keys of the reference: leaves outside list entries. */
    List<Key> referenceKeys() {
        return keys.stream().filter(k -> k.leaf() && !k.entryField()).toList();
    }

    Key key(String path) {
        return keys.stream().filter(k -> k.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no configuration key " + path));
    }

    boolean hasKey(String path) {
        return keys.stream().anyMatch(k -> k.path().equals(path));
    }

    /** The value at a key's path in a configuration object, read through the fields. */
    static Object valueAt(Object root, String path) {
        Object o = root;
        for (String segment : path.split("\\.")) {
            o = fieldValue(o, segment);
        }
        return o;
    }

    private static Object fieldValue(Object bean, String yamlName) {
        for (Class<?> c = bean.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                JsonProperty p = f.getAnnotation(JsonProperty.class);
                if (p != null && (p.value().equals(yamlName) || (p.value().isEmpty() && f.getName().equals(yamlName)))) {
                    try {
                        f.setAccessible(true);
                        return f.get(bean);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        throw new AssertionError("no field for key " + yamlName + " in " + bean.getClass().getName());
    }

    /** {@code config.yml} after {@code ${VAR:-default}} substitution, as a tree. */
    ObjectNode configYml() throws IOException {
        ConfigurationSourceProvider files = new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(false));
        try (InputStream in = files.open(CONFIG_YML.toString())) {
            return (ObjectNode) new YAMLMapper().readTree(in);
        }
    }

    /** Loads a configuration tree as {@code quarry check} loads a file: unknown keys fail, constraints are checked. */
    QuarryConfiguration load(JsonNode tree) throws IOException, ConfigurationException {
        byte[] yaml = new YAMLMapper().writeValueAsBytes(tree);
        ConfigurationSourceProvider memory = path -> new ByteArrayInputStream(yaml);
        return QuarryApplication.configurationFactory(bootstrap).build(memory, "config.yml");
    }

    /** Sets the value at a YAML path ({@code a.b[0].c}), creating sections and a first list entry as needed. */
    static void set(ObjectNode root, String path, JsonNode value) {
        String[] segments = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < segments.length - 1; i++) {
            node = child(node, segments[i]);
        }
        node.set(segments[segments.length - 1], value);
    }

    /** The node at a YAML path, or null. */
    static JsonNode get(JsonNode root, String path) {
        JsonNode node = root;
        for (String segment : path.split("\\.")) {
            if (node == null) {
                return null;
            }
            if (segment.endsWith("[0]")) {
                JsonNode list = node.get(segment.substring(0, segment.length() - 3));
                node = list == null ? null : list.get(0);
            } else {
                node = node.get(segment);
            }
        }
        return node;
    }

    private static ObjectNode child(ObjectNode node, String segment) {
        if (segment.endsWith("[0]")) {
            String name = segment.substring(0, segment.length() - 3);
            JsonNode list = node.get(name);
            if (!(list instanceof ArrayNode array) || array.isEmpty()) {
                throw new AssertionError("no first entry at " + name + ": put one in before changing it");
            }
            return (ObjectNode) array.get(0);
        }
        JsonNode next = node.get(segment);
        if (!(next instanceof ObjectNode)) {
            next = node.putObject(segment);
        }
        return (ObjectNode) next;
    }
}
