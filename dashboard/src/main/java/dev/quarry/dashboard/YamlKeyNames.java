package dev.quarry.dashboard;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;

/**
 * Names the nodes of a constraint violation's path as Jackson names the properties, so that a
 * violation's path is the key as written in the YAML: {@code detection.encoders.default}, not the
 * Java field {@code defaultEncoder}. Uses the application's {@link ObjectMapper}, so it follows
 * its naming strategy and {@code @JsonProperty} renames. Thread-safe; names are cached per class.
 */
final class YamlKeyNames implements PropertyNodeNameProvider {
    private final ObjectMapper mapper;
    private final Map<Class<?>, Map<String, String>> byClass = new ConcurrentHashMap<>();

    YamlKeyNames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String getName(Property property) {
        if (property instanceof JavaBeanProperty bean) {
            return byClass.computeIfAbsent(bean.getDeclaringClass(), this::jsonNames)
                    .getOrDefault(property.getName(), property.getName());
        }
        return property.getName();
    }

    /** Java property name to JSON name, for the properties Jackson reads from YAML. */
    private Map<String, String> jsonNames(Class<?> type) {
        try {
            BeanDescription bean = mapper.getDeserializationConfig().introspect(mapper.constructType(type));
            return bean.findProperties().stream().collect(Collectors.toMap(
                    BeanPropertyDefinition::getInternalName, BeanPropertyDefinition::getName, (a, b) -> a));
        } catch (RuntimeException e) {
            // A class Jackson cannot describe keeps its Java names rather than losing the violation.
            return Map.of();
        }
    }
}
