package dev.quarry.dashboard.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.dashboard.KafkaSettings;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.auth.AuthSettings;
import dev.quarry.dashboard.sink.SinkSettings;
import dev.quarry.dashboard.sink.SinksSettings;
import dev.quarry.detectors.config.SectionShapeContract;
import dev.quarry.detectors.config.SectionShapes;
import java.util.List;
import java.util.function.Predicate;

/**
 * The dashboard's own configuration sections ({@code kafka}, {@code alertStore}, {@code reference},
 * {@code auth}, {@code sinks} and the root's own keys) have the shape of the detectors' sections, as
 * {@link SectionShapes} checks it; the keys the root inherits from Dropwizard's
 * {@code Configuration} keep Dropwizard's shape.
 */
class SectionShapeTest extends SectionShapeContract {
    private static final Predicate<Class<?>> OWN = c -> c.getPackageName().startsWith("dev.quarry.dashboard");

    @Override
    protected Predicate<Class<?>> own() {
        return OWN;
    }

    /** The dashboard's section classes the YAML reaches from the root, list entries included. */
    @Override
    protected List<Class<?>> sections() {
        List<Class<?>> found = SectionShapes.reachableFrom(OWN, QuarryConfiguration.class);
        assertTrue(found.containsAll(List.of(QuarryConfiguration.class, KafkaSettings.class,
                QuarryConfiguration.AlertStoreSettings.class, QuarryConfiguration.ReferenceSettings.class,
                AuthSettings.class, AuthSettings.Token.class,
                SinksSettings.class, SinkSettings.class)), "the sections were not found: " + found);
        return found;
    }
}
