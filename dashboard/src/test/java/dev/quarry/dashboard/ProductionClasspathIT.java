package dev.quarry.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployable: the class path {@code bin/quarry} runs {@code server}, {@code check},
 * {@code fingerprint} and {@code replay} on a cluster from (the dashboard's jar and its runtime
 * dependencies) holds neither Kafka's broker and test kit nor the development kit (traffic
 * generator, embedded broker, JMH), and the commands run from it. Kafka Streams' in-process
 * executor ({@code kafka-streams-test-utils}) is on it: {@code replay} runs in it when no cluster
 * is named.
 */
class ProductionClasspathIT {
    private static final ProductionClasspath PRODUCTION = ProductionClasspath.ofBuild();
    private static final URLClassLoader LOADER = PRODUCTION.classLoader();
    private static final Path CONTRACT = Path.of("..", "ingest", "src", "test", "resources", "contract");

    @AfterAll
    static void closeLoader() throws IOException {
        LOADER.close();
    }

    @Test
    void loadsTheApplicationFromTheDashboardJar() throws Exception {
        Class<?> application = Class.forName("dev.quarry.dashboard.QuarryApplication", false, LOADER);

        assertSame(LOADER, application.getClassLoader());
        assertSame(LOADER, Class.forName("org.apache.kafka.clients.admin.Admin", false, LOADER).getClassLoader());
        assertSame(LOADER, Class.forName("org.apache.kafka.streams.KafkaStreams", false, LOADER).getClassLoader());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "org.apache.kafka.common.test.KafkaClusterTestKit", // kafka-test-common-runtime
        "kafka.server.KafkaRaftServer", // kafka_2.13, the broker
        "org.apache.kafka.server.NodeToControllerChannelManagerImpl", // kafka-server
        "org.apache.kafka.raft.KafkaRaftClient", // kafka-raft, brought by the test kit
        "dev.quarry.corpora.TrafficGenerator", // the generator (test-corpora)
        "dev.quarry.corpora.broker.EmbeddedKafka", // the development kit's broker
        "org.openjdk.jmh.annotations.Benchmark", // JMH
    })
    void cannotLoadDevelopmentOnlyClasses(String className) {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(className, false, LOADER), className);
    }

    @Test
    void registersNoPluginAndNoEmbeddedBroker() throws IOException {
        for (String service : List.of("dev.quarry.dashboard.spi.QuarryPlugin",
                "dev.quarry.dashboard.spi.EmbeddedBrokerFactory")) {
            assertFalse(LOADER.getResources("META-INF/services/" + service).hasMoreElements(), service);
        }
    }

    @Test
    void offersTheProductionCommandsOnly() throws Exception {
        Run help = run("--help");

        assertEquals(0, help.exitCode(), help.output());
        Matcher commands = Pattern.compile("\\{([a-z,-]+)\\}").matcher(help.output());
        assertTrue(commands.find(), help.output());
        assertEquals(Set.of("server", "check", "replay", "fingerprint", "client-id", "publish"),
                Arrays.stream(commands.group(1).split(",")).collect(Collectors.toSet()));
    }

    /**
     * The exit code is the verdict: "Configuration is OK" goes through Dropwizard's asynchronous
     * console appender, which on a loaded machine can exit before writing it.
     */
    @Test
    void checkAcceptsTheShippedConfiguration() throws Exception {
        Run check = run("check", Path.of("..", "config.yml").toString());

        assertEquals(0, check.exitCode(), check.output());
        assertFalse(check.output().contains("has an error"), check.output());
    }

    /** The control: the same file with one threshold out of its range is refused, naming the key. */
    @Test
    void checkRefusesAConfigurationWithAThresholdOutOfRange() throws Exception {
        String shipped = Files.readString(Path.of("..", "config.yml"), StandardCharsets.UTF_8);
        assertTrue(shipped.contains("    orphanShare: 0.2\n"), "the key this test breaks");
        Path broken = Files.createTempFile("quarry-broken-", ".yml");
        try {
            Files.writeString(broken, shipped.replace("    orphanShare: 0.2\n", "    orphanShare: 2.0\n"));
            Run check = run("check", broken.toString());

            assertNotEquals(0, check.exitCode(), check.output());
            assertTrue(check.output().contains("orphanShare"), check.output());
        } finally {
            Files.deleteIfExists(broken);
        }
    }

    @Test
    void serverWithoutAClusterStopsAndSaysToNameOne() throws Exception {
        Run server = run("server", "quarry-demo.yml");

        assertNotEquals(0, server.exitCode(), server.output());
        assertTrue(server.output().contains("kafka.bootstrapServers is empty and this class path has no embedded broker"),
                server.output());
    }

    @Test
    void replayWithoutAClusterRunsInProcess(@TempDir Path out) throws Exception {
        Path alerts = out.resolve("alerts.jsonl");

        Run replay = run(List.of(), "replay", CONTRACT.resolve("valid.jsonl").toString(), CONTRACT.resolve("invalid.jsonl").toString(),
                "--alerts-out", alerts.toString());

        assertEquals(0, replay.exitCode(), replay.output());
        assertTrue(replay.output().contains("detection topology (in process, no broker)"), replay.output());
        assertEquals(7, Files.readAllLines(out.resolve("dead-letters.jsonl")).size(), replay.output());
        assertEquals(List.of(), Files.readAllLines(alerts));
    }

    @Test
    void replayOnABrokerWithoutAClusterStopsAndSaysHowToGiveOne(@TempDir Path out) throws Exception {
        Path alerts = out.resolve("alerts.jsonl");

        Run replay = run(List.of("-Ddw.kafka.replay.engine=broker"), "replay", CONTRACT.resolve("valid.jsonl").toString(),
                "--alerts-out", alerts.toString());

        assertNotEquals(0, replay.exitCode(), replay.output());
        assertTrue(replay.output().contains("Pass --bootstrap-servers HOST:PORT or a --config that names the cluster"),
                replay.output());
        assertFalse(Files.exists(alerts));
    }

    private record Run(int exitCode, String output) {}

    /** Runs the application on the production class path, as {@code bin/quarry} does; output merged. */
    private static Run run(String... args) throws Exception {
        return run(List.of(), args);
    }

    private static Run run(List<String> jvmOptions, String... args) throws Exception {
        Path log = Files.createTempFile("quarry-production-", ".log");
        List<String> jvm = new java.util.ArrayList<>(List.of("-Xmx512m"));
        jvm.addAll(jvmOptions);
        try {
            Process process = PRODUCTION.command(jvm, args)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("still running after two minutes: " + String.join(" ", args));
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
