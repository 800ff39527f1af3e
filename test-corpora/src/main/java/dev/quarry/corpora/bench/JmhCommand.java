package dev.quarry.corpora.bench;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.util.ArrayList;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code quarry jmh [-- JMH args]}: runs the hot-path microbenchmarks of
 * {@code dev.quarry.corpora.bench.jmh} through JMH's own command line. JMH's options start with a
 * dash, so they follow {@code --}: {@code bin/quarry jmh -- -f 1 -wi 2 -i 3 -w 1s -r 1s}, or
 * {@code bin/quarry jmh -- -h} for JMH's help. Without a benchmark regexp every Quarry benchmark
 * runs. Forked JVMs inherit this JVM's class path and flags.
 */
public final class JmhCommand extends Command {
    static final String ALL_BENCHMARKS = "dev\\.quarry\\.corpora\\.bench\\.jmh\\..*";

    public JmhCommand() {
        super("jmh", "Run the JMH microbenchmarks; JMH options go after --, e.g. jmh -- -f 1 -wi 2 -i 3");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("jmh").nargs("*").metavar("ARG")
                .help("JMH arguments after --, e.g. -- -f 1 -wi 2 -i 3 -w 1s -r 1s ParseBenchmark");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace ns) throws Exception {
        org.openjdk.jmh.Main.main(jmhArguments(ns.getList("jmh")).toArray(String[]::new));
    }

    /** The arguments for JMH: as given, plus every Quarry benchmark when no benchmark is named. */
    static List<String> jmhArguments(List<String> given) {
        List<String> args = new ArrayList<>(given == null ? List.of() : given);
        boolean named = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("-")) {
                if (takesValue(a)) {
                    i++;
                }
            } else {
                named = true;
            }
        }
        if (!named && !args.contains("-h") && !args.contains("-l") && !args.contains("-lprof")) {
            args.add(ALL_BENCHMARKS);
        }
        return args;
    }

    private static boolean takesValue(String option) {
        return !List.of("-h", "-l", "-lp", "-lprof", "-lrf").contains(option) && !option.contains("=");
    }
}
