package dev.quarry.dashboard.runtime;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.cluster.ClusterMessage;
import dev.quarry.detectors.cluster.ClusterMessageSerde;
import dev.quarry.detectors.cluster.OrderedMessage;
import dev.quarry.detectors.config.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The shared part of a {@link DirectReplay}: one driver of {@link QuarryTopology#buildSharedPart},
 * fed at each window's end with what the workers' client parts wrote for it, merged in the order
 * of the records that caused it. Used by one thread at a time: the worker that ends a window
 * last, while the others wait on the same monitor, then the reader at the end of the input.
 */
final class SharedFeed {
    /** The topics between the parts, in the order they are fed (they feed independent steps). */
    private static final List<String> SIDES = List.of(QuarryTopology.SPLIT_ITEM_CLAIMS, QuarryTopology.SPLIT_PEER_SAMPLES,
            QuarryTopology.SPLIT_CLUSTER_MESSAGES, QuarryTopology.SPLIT_RESPONSE_TOKENS);
    /** The key the client part writes cluster messages under. */
    private static final String CLUSTER_KEY = "clusters";

    private final TopologyTestDriver driver;
    private final Map<String, TestInputTopic<byte[], byte[]>> inputs = new LinkedHashMap<>();
    private final Drain alertsOut;
    private final List<byte[]> alerts = new ArrayList<>();
    private final Deserializer<ClusterMessage> messages = new ClusterMessageSerde().deserializer();
    private final Serializer<OrderedMessage> stamped = OrderedMessage.serde().serializer();

    /** Whether the shared part has a cluster side, which hears the end of the input. */
    private final boolean clusters;

    SharedFeed(TopologyTestDriver driver, Topology sharedPart, TopicNames topics) {
        this.driver = driver;
        this.alertsOut = new Drain(driver, topics.alerts());
        boolean found = false;
        for (TopologyDescription.Subtopology sub : sharedPart.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                found |= node instanceof TopologyDescription.Source source && source.topicSet() != null
                        && source.topicSet().contains(QuarryTopology.SPLIT_CLUSTER_MESSAGES);
            }
        }
        this.clusters = found;
    }

    /** The topics a client part writes for the shared part, in the order they are fed. */
    static List<String> sides(Topology clientPart) {
        Set<String> sinks = new HashSet<>();
        for (TopologyDescription.Subtopology sub : clientPart.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    sinks.add(sink.topic());
                }
            }
        }
        return SIDES.stream().filter(sinks::contains).toList();
    }

    /**
     * Feeds what the workers produced in the window just ended, side by side, each in the order
     * of the records that caused it, and clears it.
     */
    void feed(List<DirectReplay.Worker> workers) {
        if (workers.isEmpty()) {
            return;
        }
        for (int i = 0; i < workers.get(0).produced.size(); i++) {
            String side = workers.get(0).sides.get(i).topic();
            List<Produced> merged = new ArrayList<>();
            for (DirectReplay.Worker w : workers) {
                merged.addAll(w.produced.get(i));
                w.produced.get(i).clear();
            }
            // Stable: one record's output keeps the order it was written in.
            merged.sort(Comparator.comparingLong(Produced::seq));
            TestInputTopic<byte[], byte[]> in = input(side);
            boolean cluster = side.equals(QuarryTopology.SPLIT_CLUSTER_MESSAGES);
            for (Produced p : merged) {
                TestRecord<byte[], byte[]> r = p.record();
                byte[] value = r.value();
                if (cluster) {
                    // Stamped as ClusterFeed stamps a message with one partition: that of the whole input.
                    ClusterMessage m = messages.deserialize(side, value);
                    value = stamped.serialize(side, OrderedMessage.of(0, Math.max(p.streamTime(), m.ts()), m));
                }
                in.pipeInput(new TestRecord<>(r.key(), value, r.headers(), r.timestamp()));
            }
        }
        drainAlerts();
    }

    /**
     * Ends the input: the cluster side hears that its one source has ended, and the clock is moved
     * on by heartbeats until nothing is held.
     */
    void end(PipelineCounters counters, long streamTime, Duration heartbeat, int maxHeartbeats) {
        counters.endInput();
        if (clusters) {
            counters.sideMessageSent();
            input(QuarryTopology.SPLIT_CLUSTER_MESSAGES).pipeInput(new TestRecord<>(
                    CLUSTER_KEY.getBytes(StandardCharsets.UTF_8),
                    stamped.serialize(QuarryTopology.SPLIT_CLUSTER_MESSAGES, OrderedMessage.end(0)), null,
                    Math.max(0, streamTime)));
        }
        for (int i = 0; i < maxHeartbeats && (i == 0 || counters.sideMessagesPending() > 0); i++) {
            driver.advanceWallClockTime(heartbeat);
        }
        if (counters.sideMessagesPending() > 0) {
            throw new IllegalStateException("the cluster side still holds messages at the end of the input: "
                    + counters.snapshot());
        }
        drainAlerts();
    }

    List<byte[]> alerts() {
        return alerts;
    }

    private TestInputTopic<byte[], byte[]> input(String topic) {
        return inputs.computeIfAbsent(topic,
                t -> driver.createInputTopic(t, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    private void drainAlerts() {
        if (alertsOut.pending()) {
            for (TestRecord<byte[], byte[]> r : alertsOut.read()) {
                alerts.add(r.value());
            }
        }
    }

    /** What a client part wrote for the shared part, with the record that caused it and the stream time then. */
    record Produced(long seq, long streamTime, TestRecord<byte[], byte[]> record) {}

    /** An output topic of a driver, read when it has records (which costs a map look-up). */
    static final class Drain {
        private final String topic;
        private final TestOutputTopic<byte[], byte[]> out;

        Drain(TopologyTestDriver driver, String topic) {
            this.topic = topic;
            this.out = driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        String topic() {
            return topic;
        }

        boolean pending() {
            return out.getQueueSize() > 0;
        }

        List<TestRecord<byte[], byte[]>> read() {
            return out.readRecordsToList();
        }
    }
}
