package dev.quarry.corpora.formats;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Path;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code quarry convert --to litellm IN OUT}: rewrites a contract-format event log (a generated
 * corpus's {@code events.jsonl.gz}) as the log a gateway would have written for the same calls,
 * for testing that format's reader end to end. Only {@code litellm} for now.
 */
public final class ConvertCommand extends Command {
    public ConvertCommand() {
        super("convert", "Rewrites a contract-format event log as a gateway's log (LiteLLM StandardLoggingPayload)");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--to").dest("to").choices("litellm").setDefault("litellm")
                .help("the gateway format to write (default litellm)");
        subparser.addArgument("in").metavar("IN").help("contract JSON lines, plain or gzip");
        subparser.addArgument("out").metavar("OUT").help("where to write; gzip when it ends in .gz");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace ns) throws Exception {
        long n = LiteLlmPayloads.convert(Path.of(ns.getString("in")), Path.of(ns.getString("out")));
        System.out.printf("Wrote %,d LiteLLM payloads to %s%n", n, Path.of(ns.getString("out")).toAbsolutePath());
    }
}
