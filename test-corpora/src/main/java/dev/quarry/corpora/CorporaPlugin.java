package dev.quarry.corpora;

import dev.quarry.corpora.bench.BenchCommand;
import dev.quarry.corpora.bench.JmhCommand;
import dev.quarry.corpora.broker.BrokerCommand;
import dev.quarry.corpora.eval.EvalCommand;
import dev.quarry.corpora.formats.ConvertCommand;
import dev.quarry.corpora.watermark.WatermarkFigures;
import dev.quarry.dashboard.spi.DemoTraffic;
import dev.quarry.dashboard.spi.QuarryPlugin;
import io.dropwizard.core.cli.Command;
import java.util.List;
import java.util.Optional;

/**
 * Plugs the test corpora into the launcher: the {@code generate} command and the demo's traffic.
 * Found through {@code META-INF/services/dev.quarry.dashboard.spi.QuarryPlugin}. Stateless; each call
 * returns new instances.
 */
public final class CorporaPlugin implements QuarryPlugin {

    @Override
    public List<Command> commands() {
        return List.of(new GenerateCommand(), new ConvertCommand(), new EvalCommand(), new BenchCommand(), new JmhCommand(),
                new WatermarkFigures(), new BrokerCommand());
    }

    @Override
    public Optional<DemoTraffic> demoTraffic() {
        return Optional.of(new GeneratedDemoTraffic());
    }
}
