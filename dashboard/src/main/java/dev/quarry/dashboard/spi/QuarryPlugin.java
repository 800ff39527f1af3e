package dev.quarry.dashboard.spi;

import io.dropwizard.core.cli.Command;
import java.util.List;
import java.util.Optional;

/**
 * An extension found with {@link java.util.ServiceLoader} when the application starts: modules to
 * the right of {@code dashboard} (test corpora, evaluation, benchmarks) add commands and the
 * demo's traffic this way without the dashboard depending on them. The production class path has
 * no plugin, so it has none of their commands, and no {@code demo}.
 *
 * <p>Implementations need a public no-argument constructor and a line in
 * {@code META-INF/services/dev.quarry.dashboard.spi.QuarryPlugin}.
 */
public interface QuarryPlugin {

    /** Extra commands for the launcher, e.g. {@code generate}. */
    default List<Command> commands() {
        return List.of();
    }

    /** Traffic for {@code quarry demo}, if this plugin provides it; the command exists only then. */
    default Optional<DemoTraffic> demoTraffic() {
        return Optional.empty();
    }
}
