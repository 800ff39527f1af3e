package dev.quarry.detectors.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks that configuration sections have the shape {@link dev.quarry.detectors.config} describes:
 * each key a private {@code @JsonProperty} field, read through the accessor of its name and set
 * through the fluent setter of its name, and Jackson binds the fields alone (no accessor becomes a
 * key). Used by the tests of every module whose classes the YAML binds. Stateless.
 */
public final class SectionShapes {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SectionShapes() {}

    /**
     * The section classes the YAML reaches from {@code roots}, nested sections and list entries
     * included, following only the classes {@code ownSection} accepts (enums are values, not sections).
     */
    public static List<Class<?>> reachableFrom(Predicate<Class<?>> ownSection, Class<?>... roots) {
        Set<Class<?>> found = new LinkedHashSet<>();
        List<Class<?>> todo = new ArrayList<>(List.of(roots));
        while (!todo.isEmpty()) {
            Class<?> c = todo.remove(0);
            if (!found.add(c)) {
                continue;
            }
            for (Field f : keys(c)) {
                Class<?> t = f.getType();
                if (f.getGenericType() instanceof ParameterizedType p
                        && p.getActualTypeArguments()[0] instanceof Class<?> element) {
                    t = element;
                }
                if (ownSection.test(t) && !t.isEnum()) {
                    todo.add(t);
                }
            }
        }
        return List.copyOf(found);
    }

    /** Every key of each section is a private field annotated {@code @JsonProperty}. */
    public static void assertEveryKeyIsAPrivateAnnotatedField(List<Class<?>> sections) {
        for (Class<?> section : sections) {
            for (Field f : keys(section)) {
                assertTrue(Modifier.isPrivate(f.getModifiers()),
                        section.getSimpleName() + "." + f.getName() + " is not private");
                assertTrue(f.isAnnotationPresent(JsonProperty.class),
                        section.getSimpleName() + "." + f.getName() + " is no @JsonProperty: the YAML cannot set it");
            }
        }
    }

    /** Every key has a public accessor of its name that returns the field and a fluent setter that sets it. */
    public static void assertEveryKeyHasAnAccessorAndAFluentSetterOfItsName(List<Class<?>> sections) throws Exception {
        for (Class<?> section : sections) {
            Object bean = section.getConstructor().newInstance();
            for (Field f : keys(section)) {
                String where = section.getSimpleName() + "." + f.getName();
                Method accessor = section.getMethod(f.getName());
                assertEquals(f.getType(), accessor.getReturnType(), where + "() returns another type than the field");
                Method setter = section.getMethod(f.getName(), f.getType());
                assertEquals(section, setter.getReturnType(), where + "(value) does not return its section");
                f.setAccessible(true);
                if (f.getType().isPrimitive()) {
                    assertEquals(f.get(bean), accessor.invoke(bean), where + "() does not return the field");
                } else {
                    assertSame(f.get(bean), accessor.invoke(bean), where + "() does not return the field");
                }
                Object other = another(f.getType(), f.get(bean), where);
                assertSame(bean, setter.invoke(bean, other), where + "(value) does not return its section");
                assertEquals(other, f.get(bean), where + "(value) does not set the field");
            }
        }
    }

    /**
     * Jackson binds each section's annotated fields and nothing else of it. Properties a section
     * inherits from a class {@code ownSection} does not accept (Dropwizard's {@code Configuration})
     * keep the shape their library gives them and are not checked.
     */
    public static void assertJacksonBindsTheAnnotatedFieldsAlone(List<Class<?>> sections, Predicate<Class<?>> ownSection) {
        for (Class<?> section : sections) {
            Set<String> fields = keys(section).stream().map(f -> {
                String name = f.getAnnotation(JsonProperty.class).value();
                return name.isEmpty() ? f.getName() : name;
            }).collect(Collectors.toCollection(LinkedHashSet::new));
            Set<String> bound = new LinkedHashSet<>();
            for (BeanPropertyDefinition p : MAPPER.getDeserializationConfig()
                    .introspect(MAPPER.constructType(section)).findProperties()) {
                Class<?> declaredBy = p.getPrimaryMember().getDeclaringClass();
                if (declaredBy != section && !ownSection.test(declaredBy)) {
                    continue;
                }
                if (p.hasSetter() || p.hasField() || p.hasConstructorParameter()) {
                    bound.add(p.getName());
                }
                assertTrue(p.getPrimaryMember() instanceof AnnotatedField,
                        section.getSimpleName() + " binds " + p.getName() + " through " + p.getPrimaryMember());
            }
            assertEquals(fields, bound, section.getSimpleName());
        }
    }

    private static List<Field> keys(Class<?> section) {
        return Stream.of(section.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()).toList();
    }

    /** A value of the type that differs from {@code current}. */
    private static Object another(Class<?> type, Object current, String where) throws Exception {
        if (type == int.class) {
            return (int) current + 1;
        }
        if (type == short.class) {
            return (short) ((short) current + 1);
        }
        if (type == long.class) {
            return (long) current + 1;
        }
        if (type == double.class || type == Double.class) {
            return current == null ? 0.5 : (double) current + 0.5;
        }
        if (type == boolean.class) {
            return !(boolean) current;
        }
        if (type == String.class) {
            return current + "x";
        }
        if (type == Duration.class) {
            return ((Duration) current).plusSeconds(1);
        }
        if (type.getName().equals("io.dropwizard.util.DataSize")) {
            // Dropwizard's, used by the dashboard's sections; this module does not depend on it.
            long bytes = (long) type.getMethod("toBytes").invoke(current);
            return type.getMethod("bytes", long.class).invoke(null, bytes + 1);
        }
        if (type == Instant.class) {
            return current == null ? Instant.EPOCH : ((Instant) current).plusSeconds(1);
        }
        if (type == List.class) {
            return new ArrayList<>(List.of("x"));
        }
        if (type == Map.class) {
            return new TreeMap<>(Map.of("x", "y"));
        }
        if (type.isEnum()) {
            return Stream.of(type.getEnumConstants()).filter(c -> c != current).findFirst().orElseThrow();
        }
        if (type.getPackageName().startsWith("dev.quarry.")) {
            Object section = type.getConstructor().newInstance();
            assertNotEquals(current, section, where);
            return section;
        }
        return fail(where + ": no other value of " + type.getName() + ": teach SectionShapes.another");
    }
}
