package dev.quarry.corpora.broker;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code bin/quarry broker [--nodes 1|3] [--port P] [--dir D]}: a local KRaft cluster for
 * development and tests, as its own process (Kafka's own server code, as the embedded broker of {@code demo}). It prints
 * {@code broker ready: <bootstrap servers>} once it accepts clients and stops cleanly on SIGTERM
 * or Ctrl-C. With {@code --dir} its data stays there, and a later start on the same directory
 * keeps the topics and their records. See {@link LocalKafkaCluster}.
 */
public final class BrokerCommand extends Command {

    public BrokerCommand() {
        super("broker", "a local Kafka cluster (KRaft) for development and tests, in its own process");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--nodes").dest("nodes").type(Integer.class).choices(1, 3).setDefault(1)
                .help("brokers, each also a controller (default 1)");
        subparser.addArgument("--port").dest("port").type(Integer.class).setDefault(9092)
                .help("client port of the first broker; the others take the next ones, and the controllers "
                        + "the ports after the brokers' (default 9092: 9092 and controller 9093; with 3 nodes 9092-9094 "
                        + "and controllers 9095-9097)");
        subparser.addArgument("--dir").dest("dir")
                .help("data directory, kept after it stops and reused by a later start (default: a temporary one, deleted)");
        subparser.addArgument("--partitions").dest("partitions").type(Integer.class).setDefault(4)
                .help("partitions of the offsets and transaction topics (default 4)");
        subparser.addArgument("--quiet").dest("quiet").action(Arguments.storeTrue())
                .help("print only the ready line");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace ns) throws Exception {
        int nodes = ns.getInt("nodes");
        int port = ns.getInt("port");
        if (port < 1024 || port + 2 * nodes > 65535) {
            throw new IllegalArgumentException("--port must leave room for " + 2 * nodes + " ports between 1024 and 65535");
        }
        String dir = ns.getString("dir");
        Path data = dir == null ? Files.createTempDirectory("quarry-broker-") : Path.of(dir).toAbsolutePath();
        Files.createDirectories(data);
        LocalKafkaCluster kafka = LocalKafkaCluster.start(nodes, port, data, ns.getInt("partitions"), Duration.ofMinutes(3));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            if (dir == null) {
                deleteQuietly(data);
            }
            stopped.countDown();
        }, "quarry-broker-stop"));
        System.out.println("broker ready: " + kafka.bootstrapServers());
        System.out.flush();
        stopped.await();
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // A temporary directory left behind is not worth failing the stop for.
        }
    }
}
