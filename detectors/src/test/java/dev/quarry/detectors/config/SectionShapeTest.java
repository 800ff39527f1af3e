package dev.quarry.detectors.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Predicate;

/**
 * Every configuration section of this package has the shape the package describes, as
 * {@link SectionShapes} checks it.
 */
class SectionShapeTest extends SectionShapeContract {
    private static final Predicate<Class<?>> OWN =
            c -> c.getPackageName().equals(SectionShapeTest.class.getPackageName());

    @Override
    protected Predicate<Class<?>> own() {
        return OWN;
    }

    /** The section classes the YAML reaches from the roots, nested sections and list entries included. */
    @Override
    protected List<Class<?>> sections() {
        List<Class<?>> found = SectionShapes.reachableFrom(OWN,
                DetectionConfig.class, WatermarkConfig.class, TopicNames.class);
        assertTrue(found.size() > 20, "the sections were not found: " + found);
        return found;
    }
}
