package dev.quarry.corpora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.corpora.CorpusCounts;
import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.CorpusWriter;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.broker.LocalKafkaCluster;
import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.auth.Role;
import dev.quarry.dashboard.auth.TestTokens;
import dev.quarry.dashboard.runtime.EventPublisher;
import dev.quarry.dashboard.runtime.ReplayRun;
import dev.quarry.dashboard.store.AlertQuery;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.ingest.InferenceEvent;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three alert-service instances with one {@code application.id} on a three-broker cluster with
 * twelve partitions and one standby replica: one instance is stopped mid-stream and the others
 * take its tasks over. Afterwards each client's and each hydra cluster's final severity at {@code
 * medium} and above equals the offline replay's of the same corpus, every surviving instance holds every alert, and a
 * client's live state ({@code /api/client-state}, {@code live} in {@code /api/clients}) answers
 * from every instance with the owner's figures. Slow (about two minutes of two cores): run with
 * {@code mvn verify -Preliability}.
 */
@Tag("reliability")
class ScaleOutIT {
    private static final CorpusSpec SPEC = CorpusSpec.defaults().withSeed(11);
    private static final String APP_ID = "quarry-scale-it";
    private static final Set<String> SPLIT_DETECTORS = Set.of("dataset_split");
    private static final String PEER_TOKEN = "peer-token-of-the-scale-out-test-0123456789";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** A node that loses its quorum while the cluster stops must not end the test JVM (Kafka's own test kit does the same). */
    @BeforeAll
    static void keepTheJvm() {
        Exit.setExitProcedure((code, message) -> System.err.println("Kafka asked to exit " + code + ": " + message));
        Exit.setHaltProcedure((code, message) -> System.err.println("Kafka asked to halt " + code + ": " + message));
    }

    @AfterAll
    static void restoreExit() {
        Exit.resetExitProcedure();
        Exit.resetHaltProcedure();
    }

    @Test
    void instancesShareTheWorkSurviveALossAndAnswerForEveryClient(@TempDir Path dir) throws Exception {
        TrafficGenerator generator = new TrafficGenerator(SPEC);
        CorpusCounts corpus = new CorpusWriter(dir.resolve("corpus")).write(generator);
        int base = FreePorts.run(6);
        try (LocalKafkaCluster cluster = LocalKafkaCluster.start(3, base, dir.resolve("kafka"), 12, Duration.ofMinutes(2))) {
            List<DropwizardTestSupport<QuarryConfiguration>> apps = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                apps.add(instance(cluster.bootstrapServers(), dir.resolve("instance-" + i), FreePorts.run(1)));
            }
            for (DropwizardTestSupport<QuarryConfiguration> app : apps) {
                app.before();
            }
            try {
                for (DropwizardTestSupport<QuarryConfiguration> app : apps) {
                    assertTrue(runtime(app).detection().awaitRunning(Duration.ofMinutes(2)), "instance running");
                }
                ReplayRun.Result replay = new ReplayRun(apps.get(0).getConfiguration(), line -> { })
                        .run(List.of(corpus.eventsFile()));
                Map<String, Severity> expected = detections(replay.finalAlerts());
                assertFalse(expected.isEmpty(), "the corpus has attackers the replay flags");

                try (EventPublisher publisher = new EventPublisher(cluster.bootstrapServers(), "quarry.events")) {
                    Iterator<InferenceEvent> events = new TrafficGenerator(SPEC).events();
                    long sent = 0;
                    while (events.hasNext()) {
                        publisher.send(events.next());
                        if (++sent == corpus.events() / 2) {
                            publisher.flush();
                            // One instance goes away mid-stream; its tasks move to the other two.
                            awaitTrue("some events processed", Duration.ofMinutes(2),
                                    () -> committed(cluster.bootstrapServers()) > 0);
                            apps.remove(2).after();
                        }
                    }
                    publisher.flush();
                }
                awaitTrue("the input topic read to its end", Duration.ofMinutes(4),
                        () -> committed(cluster.bootstrapServers()) >= corpus.events());
                // The cluster side releases its last messages once the partitions are idle.
                // Held messages only: the pending count of side messages is per process, and a
                // message sent on one instance is handled on another.
                awaitTrue("the cluster side released what it held", Duration.ofMinutes(3),
                        () -> apps.stream().allMatch(a -> runtime(a).counters().clusterOrderHeld() == 0));
                for (DropwizardTestSupport<QuarryConfiguration> app : apps) {
                    assertEquals(0, runtime(app).counters().clusterOrderLate(), "cluster side in order");
                }
                awaitTrue("every instance holds the same alerts, settled", Duration.ofMinutes(2),
                        () -> settled(apps));

                for (DropwizardTestSupport<QuarryConfiguration> app : apps) {
                    List<Alert> alerts = runtime(app).store().search(AlertQuery.builder().limit(500).build()).items();
                    assertEquals(expected, detections(alerts), "final severities at medium and above, as replayed");
                }

                String client = expected.keySet().iterator().next();
                List<JsonNode> states = new ArrayList<>();
                for (DropwizardTestSupport<QuarryConfiguration> app : apps) {
                    JsonNode state = get(app, "/api/client-state?id=" + URLEncoder.encode(client, StandardCharsets.UTF_8));
                    JsonNode view = get(app, "/api/clients?id=" + URLEncoder.encode(client, StandardCharsets.UTF_8));
                    assertEquals(state, view.get("live"), "the client view carries the same live state");
                    states.add(state);
                }
                assertEquals(states.get(0), states.get(1), "both instances answer with the owner's state");
                for (DropwizardTestSupport<QuarryConfiguration> app : apps) {
                    // A page session has no token to pass on: the instance forwards it with the peer token.
                    assertEquals(states.get(0), getAsPageSession(app, "/api/client-state?id="
                            + URLEncoder.encode(client, StandardCharsets.UTF_8)), "a page session sees the owner's state too");
                }
                assertTrue(states.get(0).get("events").asLong() > 0);
                String owner = states.get(0).get("served_by").asText();
                assertTrue(apps.stream().anyMatch(a -> owner.equals(url(a))), "served by a live instance: " + owner);
            } finally {
                for (DropwizardTestSupport<QuarryConfiguration> app : apps) {
                    app.after();
                }
            }
        }
    }

    private static DropwizardTestSupport<QuarryConfiguration> instance(String bootstrap, Path dir, int port) {
        return new DropwizardTestSupport<>(QuarryApplication.class, "quarry-demo.yml",
                ConfigOverride.config("kafka.bootstrapServers", bootstrap),
                ConfigOverride.config("kafka.applicationId", APP_ID),
                ConfigOverride.config("kafka.partitions", "12"),
                ConfigOverride.config("kafka.replicationFactor", "3"),
                ConfigOverride.config("kafka.standbyReplicas", "1"),
                ConfigOverride.config("kafka.stateDir", dir.resolve("streams").toString()),
                ConfigOverride.config("kafka.advertisedUrl", "http://localhost:" + port),
                ConfigOverride.config("server.applicationConnectors[0].port", Integer.toString(port)),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("collector.port", "0"),
                ConfigOverride.config("alertStore.dir", dir.resolve("alerts").toString()),
                ConfigOverride.config("auth.tokens", TestTokens.configOverride()),
                ConfigOverride.config("auth.peerToken", PEER_TOKEN),
                // Longer than the take-over of a stopped instance's tasks; the test waits this long at the end.
                ConfigOverride.config("detection.hydra.orderIdleTimeout", "PT60S"));
    }

    private static dev.quarry.dashboard.QuarryRuntime runtime(DropwizardTestSupport<QuarryConfiguration> app) {
        return ((QuarryApplication) app.getApplication()).runtime();
    }

    private static String url(DropwizardTestSupport<QuarryConfiguration> app) {
        return "http://localhost:" + app.getLocalPort();
    }

    /** Signs in to the page with the viewer token, then reads {@code path} with the session cookie alone. */
    private JsonNode getAsPageSession(DropwizardTestSupport<QuarryConfiguration> app, String path) throws Exception {
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(url(app) + "/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("token", TestTokens.token(Role.VIEWER)))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, signIn.statusCode(), signIn::body);
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(app) + path)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), () -> path + " -> " + r.body());
        return json.readTree(r.body());
    }

    private JsonNode get(DropwizardTestSupport<QuarryConfiguration> app, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(app) + path))
                .header("Authorization", TestTokens.bearer(Role.VIEWER)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), () -> path + " -> " + r.body());
        return json.readTree(r.body());
    }

    /**
     * Each subject's highest severity at medium and above: clients and clusters. Only {@code
     * dataset_split}'s alerts are left out: that side sees its records in the order they reach
     * its partitions, which can differ between runs (docs/known-limits.md); the cluster side
     * puts its input in event-time order, so {@code hydra_cluster} and its pooled sweep are compared.
     */
    private static Map<String, Severity> detections(List<Alert> alerts) {
        Map<String, Severity> m = new TreeMap<>();
        for (Alert a : alerts) {
            boolean split = Subject.CLUSTER.equals(a.subject().kind()) && a.subject().key().startsWith("split-")
                    || a.detectors().stream()
                    .allMatch(d -> SPLIT_DETECTORS.contains(d.name()));
            if (!split) {
                m.merge(a.subject().key(), a.severity(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
            }
        }
        m.values().removeIf(s -> !s.isDetection());
        return m;
    }

    private final Map<String, String> lastSeen = new HashMap<>();

    /** True when every instance's store holds the same alert versions as at the previous call. */
    private boolean settled(List<DropwizardTestSupport<QuarryConfiguration>> apps) {
        boolean same = true;
        Set<String> first = null;
        for (DropwizardTestSupport<QuarryConfiguration> app : apps) {
            Set<String> ids = runtime(app).store().search(AlertQuery.builder().limit(500).build()).items().stream()
                    .map(a -> a.alertId() + "v" + a.version()).collect(Collectors.toCollection(java.util.TreeSet::new));
            String key = url(app);
            same &= ids.toString().equals(lastSeen.put(key, ids.toString()));
            if (first == null) {
                first = ids;
            } else {
                same &= first.equals(ids);
            }
        }
        if (same) {
            return true;
        }
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Records of {@code quarry.events} the application's consumer group has committed. */
    private static long committed(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(APP_ID)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals("quarry.events") && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            return 0;
        }
    }



    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(500);
        }
    }
}
