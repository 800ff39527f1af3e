package dev.quarry.detectors.config;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The checks of {@link SectionShapes}, run over the sections a module's YAML reaches: a module's
 * shape test extends this and names its own classes and its sections.
 */
public abstract class SectionShapeContract {

    /** The module's own classes (Jackson's view of inherited, foreign properties is not checked). */
    protected abstract Predicate<Class<?>> own();

    /** The section classes the YAML reaches, list entries included. */
    protected abstract List<Class<?>> sections();

    @Test
    void everyKeyIsAPrivateAnnotatedField() {
        SectionShapes.assertEveryKeyIsAPrivateAnnotatedField(sections());
    }

    @Test
    void everyKeyHasAnAccessorAndAFluentSetterOfItsName() throws Exception {
        SectionShapes.assertEveryKeyHasAnAccessorAndAFluentSetterOfItsName(sections());
    }

    @Test
    void jacksonBindsTheAnnotatedFieldsAlone() {
        SectionShapes.assertJacksonBindsTheAnnotatedFieldsAlone(sections(), own());
    }
}
