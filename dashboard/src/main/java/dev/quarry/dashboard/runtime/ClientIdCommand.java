package dev.quarry.dashboard.runtime;

import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.detectors.privacy.Privacy;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code quarry client-id config.yml}: the id Quarry gives each client id (API key) read from
 * standard input, one per line, under the configuration's {@code privacy.clientIdHmacSecret}; so
 * an analyst holding a key finds its alerts ({@code /api/alerts?client=<id>}). Keys are read from
 * standard input, never from the command line, which other users and shell histories can see.
 * Prints one id per line and nothing else, never the keys or the secret; without a secret the ids
 * are the keys themselves, and it says so on standard error.
 */
public final class ClientIdCommand extends Command {
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    public ClientIdCommand() {
        this(System.in, System.out, System.err);
    }

    public ClientIdCommand(InputStream in, PrintStream out, PrintStream err) {
        super("client-id", "Prints the id Quarry gives each client id (API key) read from standard input");
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("config").nargs("?").help("configuration YAML (its privacy: section); default: the bundled one");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace ns) throws Exception {
        QuarryConfiguration config = ReplayCommand.loadConfig(bootstrap, ns.getString("config"));
        run(Privacy.of(config.privacy()));
    }

    /** Maps standard input line by line; returns the lines mapped. */
    public long run(Privacy privacy) throws java.io.IOException {
        if (!privacy.pseudonymising()) {
            err.println("privacy.clientIdHmacSecret is empty: client ids are kept as they are");
        }
        long n = 0;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty()) {
                continue;
            }
            out.println(privacy.clientId(line));
            n++;
        }
        out.flush();
        return n;
    }
}
