package dev.quarry.corpora.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.InferenceEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class PassThroughTopologyTest {

    @Test
    void forwardsValidEventsWithEventTimeAndCountsEveryRecord() {
        PassThroughTopology topology = new PassThroughTopology("in", "out", new EventParser());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pass-through-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        InferenceEvent event = new SyntheticCorpus(3, 1, 42).event(1);
        byte[] valid = EventJson.toBytes(event);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology.build(), props)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic("out", new ByteArrayDeserializer(), new ByteArrayDeserializer());

            in.pipeInput(event.clientId().getBytes(StandardCharsets.UTF_8), valid, 5L);
            in.pipeInput(null, "{\"not\": \"an event\"}".getBytes(StandardCharsets.UTF_8), 6L);

            List<TestRecord<byte[], byte[]>> forwarded = out.readRecordsToList();
            assertEquals(1, forwarded.size());
            assertArrayEquals(valid, forwarded.get(0).value());
            assertEquals(event.tsMillis(), forwarded.get(0).timestamp());
            assertEquals(2, topology.processed());
        }
    }
}
