package dev.quarry.dashboard.runtime;

import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.QuarryRuntime;
import dev.quarry.dashboard.spi.DemoTraffic;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.util.function.Supplier;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code quarry demo [config.yml] [--rate N] [--seed N] [--reference-dir DIR]}: the whole pipeline on one machine. With
 * the bundled configuration it starts an embedded Kafka broker, the topology, the alert service
 * with the page on http://localhost:8080, and generated traffic (benign users, a logit-bias
 * extractor and a templated distiller) published at {@code --rate} events per second. The
 * application offers it only when a plugin provides the traffic: the development kit
 * ({@code test-corpora}), which also provides the broker.
 */
public final class DemoCommand extends QuarryServerCommand {
    private final Supplier<QuarryRuntime> runtime;
    private final DemoTraffic traffic;

    /**
     * @param runtime what the application wired in its {@code run}, read once the server part has
     *     run (the traffic pump publishes to its broker and topics)
     * @param traffic what the demo publishes
     */
    public DemoCommand(Application<QuarryConfiguration> application, Supplier<QuarryRuntime> runtime,
            DemoTraffic traffic) {
        super(application, "demo", "Runs Quarry end to end on an embedded Kafka broker with generated traffic");
        this.runtime = runtime;
        this.traffic = traffic;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--rate").dest("rate").type(Integer.class).setDefault(400)
                .help("events per second of generated traffic (default 400)");
        subparser.addArgument("--seed").dest("seed").type(Long.class).setDefault(42L)
                .help("seed of the generated traffic (default 42)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        if (namespace.getString("file") == null) {
            namespace.getAttrs().put("file", ReplayCommand.DEFAULT_CONFIG);
        }
        super.run(bootstrap, namespace);
    }

    @Override
    protected void run(Environment environment, Namespace namespace, QuarryConfiguration configuration) throws Exception {
        environment.lifecycle().manage(new DemoTrafficPump(runtime.get(), traffic, namespace.getLong("seed"),
                namespace.getInt("rate")));
        super.run(environment, namespace, configuration);
    }
}
