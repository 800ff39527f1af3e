package dev.quarry.detectors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.config.FusionConfig;
import dev.quarry.detectors.config.HydraConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The cluster side's input in two cross-partition interleavings: the same messages from two
 * partitions of the client step, once partition 0's first, once partition 1's first. A fleet of
 * twelve keys shares a payment instrument capped at eight members, so which keys the key linked
 * before it became too common depends on the order its claims are handled.
 */
class ClusterMessageOrderTest {
    private static final int CLIENTS = 12;
    private final HydraConfig config = new HydraConfig().maxMembersStrongKey(8);

    /**
     * A partition's messages as its feed sends them, in stream-time order: each client's claim at
     * its own event time, then three summaries; clients alternate between the two partitions.
     */
    private static List<OrderedMessage> partition(int source) {
        List<OrderedMessage> out = new ArrayList<>();
        for (int i = source; i < CLIENTS; i += 2) {
            String client = String.format("f%02d", i);
            long ts = 1_000L * i;
            out.add(OrderedMessage.of(source, ts, new ClusterMessage.LinkClaim("pay:pm_fleet", client, client + "-e", ts)));
            for (int k = 0; k < 3; k++) {
                long at = ts + 100_000L * (k + 1);
                out.add(OrderedMessage.of(source, at, new ClusterMessage.ClientSummary(client, client + "-s" + k, at, 0L,
                        400L * (k + 1), 6, 40, 900, 0.3, new long[] {42L}, "Task: %s. Explain.", 0.8, 30.0)));
            }
        }
        out.sort(Comparator.comparingLong(OrderedMessage::streamTime));
        return out;
    }

    private static List<OrderedMessage> firstThenSecond(List<OrderedMessage> first, List<OrderedMessage> second) {
        List<OrderedMessage> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private TopologyTestDriver driver(boolean ordered, PipelineCounters counters) {
        StreamsBuilder b = new StreamsBuilder();
        for (String store : List.of("order", "nodes", "links", "keys")) {
            b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), Serdes.String(),
                    Serdes.ByteArray()).withLoggingDisabled());
        }
        KStream<String, ClusterMessage> messages = ordered
                ? b.stream("in", Consumed.with(Serdes.String(), OrderedMessage.serde()))
                        .process(() -> new ClusterMessageOrder(config, 2, counters, "order"), "order")
                : b.stream("in", Consumed.with(Serdes.String(), new ClusterMessageSerde()));
        HydraClusterDetector detector = new HydraClusterDetector(config);
        messages.process(() -> new ClusterProcessor(detector, FleetFusion.of(new FusionConfig(), detector::headline, "hydra"),
                        counters, "nodes", "links", "keys"), "nodes", "links", "keys")
                .mapValues(AlertJson::toJson)
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-order-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new TopologyTestDriver(b.build(), p);
    }

    /** The alerts of one interleaving, through the ordering step, with both partitions' ends of input. */
    private List<String> ordered(List<OrderedMessage> interleaving, PipelineCounters counters) {
        try (TopologyTestDriver d = driver(true, counters)) {
            TestInputTopic<String, OrderedMessage> in = d.createInputTopic("in", Serdes.String().serializer(),
                    OrderedMessage.serde().serializer());
            for (OrderedMessage m : interleaving) {
                in.pipeInput("clusters", m);
            }
            in.pipeInput("clusters", OrderedMessage.end(0));
            in.pipeInput("clusters", OrderedMessage.end(1));
            assertEquals(0, counters.clusterOrderHeld(), "the ends of input release everything");
            assertEquals(0, counters.sideMessagesPending(), "every held message passed on");
            return d.createOutputTopic("out", Serdes.String().deserializer(), Serdes.String().deserializer())
                    .readValuesToList();
        }
    }

    /** The alerts of one interleaving handled as it arrives, as the cluster side did without the ordering step. */
    private List<String> asTheyArrive(List<OrderedMessage> interleaving) {
        try (TopologyTestDriver d = driver(false, new PipelineCounters())) {
            TestInputTopic<String, ClusterMessage> in = d.createInputTopic("in", Serdes.String().serializer(),
                    new ClusterMessageSerde().serializer());
            for (OrderedMessage m : interleaving) {
                in.pipeInput("clusters", m.message());
            }
            return d.createOutputTopic("out", Serdes.String().deserializer(), Serdes.String().deserializer())
                    .readValuesToList();
        }
    }

    @Test
    void givesIdenticalAlertsForTwoInterleavingsOfThePartitions() {
        PipelineCounters counters = new PipelineCounters();
        List<String> zeroFirst = ordered(firstThenSecond(partition(0), partition(1)), counters);
        List<String> oneFirst = ordered(firstThenSecond(partition(1), partition(0)), counters);
        assertFalse(zeroFirst.isEmpty(), "the fleet alerts");
        assertEquals(zeroFirst, oneFirst);
        assertEquals(0, counters.clusterOrderLate());
        assertEquals(0, counters.clusterOrderEarly());
    }

    @Test
    void withoutTheOrderingStepTheTwoInterleavingsGiveDifferentAlerts() {
        List<String> zeroFirst = asTheyArrive(firstThenSecond(partition(0), partition(1)));
        List<String> oneFirst = asTheyArrive(firstThenSecond(partition(1), partition(0)));
        assertFalse(zeroFirst.isEmpty(), "the fleet alerts");
        assertNotEquals(zeroFirst, oneFirst);
    }

    @Test
    void holdsAMessageUntilEveryPartitionHasPassedIt() {
        PipelineCounters counters = new PipelineCounters();
        try (TopologyTestDriver d = driver(true, counters)) {
            TestInputTopic<String, OrderedMessage> in = d.createInputTopic("in", Serdes.String().serializer(),
                    OrderedMessage.serde().serializer());
            for (OrderedMessage m : partition(0)) {
                in.pipeInput("clusters", m);
            }
            assertEquals(partition(0).size(), counters.clusterOrderHeld(), "partition 1 has said nothing yet");
            in.pipeInput("clusters", OrderedMessage.watermark(1, 5_000L));
            assertEquals(partition(0).size() - 3, counters.clusterOrderHeld(),
                    "the claims at 0, 2 and 4 s passed on");
            in.pipeInput("clusters", OrderedMessage.end(1));
            in.pipeInput("clusters", OrderedMessage.end(0));
            assertEquals(0, counters.clusterOrderHeld());
            assertEquals(0, counters.clusterOrderEarly());
        }
    }

    @Test
    void stopsWaitingForAnIdlePartitionAndCountsWhatItPassedOnEarlyAndLate() {
        PipelineCounters counters = new PipelineCounters();
        try (TopologyTestDriver d = driver(true, counters)) {
            TestInputTopic<String, OrderedMessage> in = d.createInputTopic("in", Serdes.String().serializer(),
                    OrderedMessage.serde().serializer());
            in.pipeInput("clusters", OrderedMessage.watermark(1, 0L));
            List<OrderedMessage> zero = partition(0);
            for (OrderedMessage m : zero) {
                in.pipeInput("clusters", m);
            }
            assertEquals(zero.size(), counters.clusterOrderHeld());
            d.advanceWallClockTime(config.orderIdleTimeout().plus(Duration.ofSeconds(1)));
            in.pipeInput("clusters", OrderedMessage.watermark(0, 2_000_000L));
            assertEquals(0, counters.clusterOrderHeld(), "partition 1 is idle: not waited for");
            assertEquals(zero.size(), counters.clusterOrderEarly());
            in.pipeInput("clusters", partition(1).get(0));
            assertEquals(1, counters.clusterOrderLate(), "partition 1's claim at 1 s came after later messages");
        }
    }

    @Test
    void passesOnTheOldestWhenTheBufferIsFull() {
        config.orderMaxBuffered(4);
        PipelineCounters counters = new PipelineCounters();
        try (TopologyTestDriver d = driver(true, counters)) {
            TestInputTopic<String, OrderedMessage> in = d.createInputTopic("in", Serdes.String().serializer(),
                    OrderedMessage.serde().serializer());
            List<OrderedMessage> zero = partition(0);
            for (OrderedMessage m : zero) {
                in.pipeInput("clusters", m);
            }
            assertEquals(4, counters.clusterOrderHeld());
            assertEquals(zero.size() - 4, counters.clusterOrderEarly());
            assertTrue(counters.clusterOrderLate() == 0, "partition 0's own messages come in order");
        }
    }

    @Test
    void ordersHeldKeysAsTheStoreDoesByTheirUtf8Bytes() {
        List<String> keys = List.of("m0", "m00", "m0\u0000b", "m0\u0000a", "mz", "m\u00e9", "m\uffff", "m\ud83d\ude00",
                "m\uff61x", "m");
        for (String a : keys) {
            for (String b : keys) {
                int bytes = Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
                assertEquals(Integer.signum(bytes), Integer.signum(ClusterMessageOrder.compareUtf8(a, b)), a + " vs " + b);
            }
        }
        assertTrue("m\ud83d\ude00".compareTo("m\uffff") < 0, "String order differs from the store's here");
    }
}
