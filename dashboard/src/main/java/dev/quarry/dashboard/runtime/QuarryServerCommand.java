package dev.quarry.dashboard.runtime;

import dev.quarry.dashboard.QuarryConfiguration;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code quarry server [config.yml] [--reference-dir DIR]}: Dropwizard's server command with one
 * more option, {@code --reference-dir}, which overrides {@code reference.dir} (as
 * {@code QUARRY_REFERENCE_DIR} or {@code -Ddw.reference.dir=DIR} also do) before the application
 * builds the topology.
 */
public class QuarryServerCommand extends ServerCommand<QuarryConfiguration> {
    static final String REFERENCE_DIR = "reference_dir";

    public QuarryServerCommand(Application<QuarryConfiguration> application) {
        this(application, "server", "Runs the Dropwizard application as an HTTP server");
    }

    protected QuarryServerCommand(Application<QuarryConfiguration> application, String name, String description) {
        super(application, name, description);
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        addReferenceDirArgument(subparser);
    }

    /** Adds {@code --reference-dir DIR} to a command. */
    public static void addReferenceDirArgument(Subparser subparser) {
        subparser.addArgument("--reference-dir").dest(REFERENCE_DIR).metavar("DIR")
                .help("public benchmark/instruction sets (JSONL/JSON/CSV, recursive) for benchmark_harvesting; "
                        + "overrides reference.dir");
    }

    /** Applies {@code --reference-dir} to the configuration, if given. */
    public static void applyReferenceDir(Namespace namespace, QuarryConfiguration configuration) {
        String dir = namespace.getString(REFERENCE_DIR);
        if (dir != null) {
            configuration.reference().dir(dir);
        }
    }

    @Override
    protected void run(Bootstrap<QuarryConfiguration> bootstrap, Namespace namespace,
            QuarryConfiguration configuration) throws Exception {
        applyReferenceDir(namespace, configuration);
        super.run(bootstrap, namespace, configuration);
    }
}
