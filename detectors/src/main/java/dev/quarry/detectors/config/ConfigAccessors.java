package dev.quarry.detectors.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Reads a key of a configuration bean by name, for the class-level rules that name keys as
 * strings ({@link KeyOrder}, {@link ExactlyOneOf}): through the key's public accessor, the
 * no-argument method of the key's name, as every section of this package has one. Stateless.
 */
final class ConfigAccessors {
    private ConfigAccessors() {}

    /**
     * The value of {@code key} on {@code bean}.
     *
     * @param rule the annotation that names the key, for the message when the bean has no such accessor
     * @throws IllegalStateException when the bean's class has no public accessor of that name
     */
    static Object read(Object bean, String key, String rule) {
        try {
            Method accessor = bean.getClass().getMethod(key);
            return accessor.invoke(bean);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException(rule + " names " + key + ", which has no public accessor in "
                    + bean.getClass().getName(), e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("reading " + key + " of " + bean.getClass().getName(), e.getCause());
        }
    }
}
