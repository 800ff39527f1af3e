package dev.quarry.dashboard.runtime;

import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.QuarryRuntime;
import dev.quarry.dashboard.auth.ApiTokens;
import dev.quarry.dashboard.auth.AuthSettings;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.spi.DemoTraffic;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.eclipse.jetty.server.Server;

/**
 * {@code quarry demo [config.yml] [--rate N] [--seed N] [--reference-dir DIR]}: the whole pipeline on one machine. With
 * the bundled configuration it starts an embedded Kafka broker, the topology, the alert service
 * with the page on http://localhost:8080, and generated traffic (benign users, a logit-bias
 * extractor and a templated distiller) published at {@code --rate} events per second. The
 * application offers it only when a plugin provides the traffic: the development kit
 * ({@code test-corpora}), which also provides the broker.
 *
 * <p>The page needs a token. With {@value ApiTokens#ADMIN_TOKEN_ENV} set, that is the admin token,
 * and the demo never prints it. Without, the demo makes a random admin token for this run and
 * prints it, with the page's address, once the server is up.
 */
public final class DemoCommand extends QuarryServerCommand {
    private final Supplier<QuarryRuntime> runtime;
    private final DemoTraffic traffic;
    /** The admin token made for this run, or null when {@value ApiTokens#ADMIN_TOKEN_ENV} gives one. */
    private String generatedToken;

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
    protected void run(Bootstrap<QuarryConfiguration> bootstrap, Namespace namespace,
            QuarryConfiguration configuration) throws Exception {
        if (System.getenv(ApiTokens.ADMIN_TOKEN_ENV) == null) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            generatedToken = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            configuration.auth().tokens().add(new AuthSettings.Token(ApiTokens.ADMIN_TOKEN_NAME, Role.ADMIN,
                    ApiTokens.sha256Hex(generatedToken)));
        }
        super.run(bootstrap, namespace, configuration);
    }

    @Override
    protected void run(Environment environment, Namespace namespace, QuarryConfiguration configuration) throws Exception {
        environment.lifecycle().addServerLifecycleListener(new ServerLifecycleListener() {
            @Override
            public void serverStarted(Server server) {
                printSignIn("http://localhost:" + getLocalPort(server) + "/");
            }
        });
        environment.lifecycle().manage(new DemoTrafficPump(runtime.get(), traffic, namespace.getLong("seed"),
                namespace.getInt("rate")));
        super.run(environment, namespace, configuration);
    }

    /** To standard output, not the log: the token is for the person at the terminal. */
    private void printSignIn(String url) {
        System.out.println();
        if (generatedToken == null) {
            System.out.println("Quarry demo: open " + url + " and sign in with the token in " + ApiTokens.ADMIN_TOKEN_ENV + ".");
        } else {
            System.out.println("Quarry demo: open " + url + " and sign in with this admin token (made for this run;");
            System.out.println("set " + ApiTokens.ADMIN_TOKEN_ENV + " to choose your own):");
            System.out.println();
            System.out.println("    " + generatedToken);
        }
        System.out.println();
    }
}
