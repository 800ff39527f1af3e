package dev.quarry.detectors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.fingerprint.reference.ReferenceEntry;
import dev.quarry.fingerprint.reference.ReferenceIndex;
import dev.quarry.fingerprint.reference.ReferenceKind;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.InferenceEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** The dataset-split side through the real topology: item claims, the per-set store, alerts. */
class DatasetSplitTopologyTest {
    private static final String[] WORDS = ("apple river seven market train doctor copper lantern orbit tiger "
            + "basket ledger violin harbour meadow crystal engine pepper castle rocket saddle thunder wallet forest "
            + "garden hammer island jacket kettle ladder magnet needle oyster pillow quiver ribbon shovel tunnel").split(" ");
    private static final int SET = 600;
    private final TopicNames topics = new TopicNames();
    private final List<String> items = new ArrayList<>();

    /** When true the set is a compilation: some of its items also in a conversation set and a small benchmark. */
    private boolean compilation;

    private ReferenceLookup reference() {
        Random rnd = new Random(11);
        List<ReferenceEntry> entries = new ArrayList<>();
        for (int i = 0; i < SET; i++) {
            StringBuilder q = new StringBuilder("A train leaves the");
            for (int w = 0; w < 16; w++) {
                q.append(' ').append(WORDS[rnd.nextInt(WORDS.length)]);
            }
            items.add(q.append('?').toString());
            if (compilation && i < 200) {
                entries.add(new ReferenceEntry("chats", ReferenceKind.CONVERSATION, items.get(i)));
            } else if (compilation && i < 280) {
                entries.add(new ReferenceEntry("small-bench", ReferenceKind.BENCHMARK, items.get(i)));
            }
        }
        String name = compilation ? "compilation" : "gsm-like";
        for (String item : items) {
            entries.add(new ReferenceEntry(name, ReferenceKind.BENCHMARK, item));
        }
        return ReferenceIndex.of(entries, ReferenceIndex.DEFAULT_MIN_SIMILARITY, ReferenceIndex.DEFAULT_MIN_WORDS);
    }

    private int maxTokens = 1024;

    private List<Alert> run(List<InferenceEvent> traffic) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "quarry-split-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        DetectionConfig config = new DetectionConfig();
        config.persistentStores(false);
        ReferenceLookup reference = reference();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                new QuarryTopology(config, topics, new PipelineCounters(),
                        QuarryTopology.Inputs.none().withReference(reference)).build(), p)) {
            TestInputTopic<byte[], byte[]> events = driver.createInputTopic(topics.events(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, byte[]> alerts = driver.createOutputTopic(topics.alerts(), new StringDeserializer(),
                    new ByteArrayDeserializer());
            List<InferenceEvent> sorted = new ArrayList<>(traffic.isEmpty() ? List.of() : build(traffic));
            sorted.sort(Comparator.comparingLong(InferenceEvent::tsMillis).thenComparing(InferenceEvent::eventId));
            for (InferenceEvent e : sorted) {
                events.pipeInput(e.clientId().getBytes(StandardCharsets.UTF_8), EventJson.toBytes(e), e.tsMillis());
            }
            return alerts.readValuesToList().stream().map(AlertJson::fromBytes).toList();
        }
    }

    /** Traffic is described before the reference exists; rebuild prompts now that the items do. */
    private List<InferenceEvent> build(List<InferenceEvent> plan) {
        List<InferenceEvent> out = new ArrayList<>();
        for (InferenceEvent e : plan) {
            String text = e.request().userText();
            boolean followUp = text.startsWith("F");
            int item = Integer.parseInt(followUp ? text.substring(1) : text);
            EventBuilder b = EventBuilder.event(e.eventId()).client(e.clientId()).at(e.tsMillis())
                    .user("Solve this: " + items.get(item) + " Show your work.");
            if (followUp) {
                b.assistant("We add the two amounts, then subtract the cost.").user("why subtract at the end?");
            }
            out.add(b.maxTokens(maxTokens).completionTokens(Math.min(maxTokens, 300)).build());
        }
        return out;
    }

    private static InferenceEvent ask(String client, int n, int item, long minutes) {
        return EventBuilder.event(client + "-" + n).client(client)
                .at(Traffic.T0.plus(Duration.ofMinutes(minutes))).user(Integer.toString(item)).build();
    }

    /** Ten accounts, each a disjoint slice of 40 items, one every 6 minutes (under a per-key cap). */
    private static List<InferenceEvent> fleet() {
        List<InferenceEvent> out = new ArrayList<>();
        for (int m = 0; m < 10; m++) {
            for (int i = 0; i < 40; i++) {
                out.add(ask(String.format("key_split%02d", m), i, m * 40 + i, 6L * i + m));
            }
        }
        return out;
    }

    /** Students each asking 12 random items, an evaluation team running the whole set. */
    private static List<InferenceEvent> bystanders() {
        Random rnd = new Random(5);
        List<InferenceEvent> out = new ArrayList<>();
        for (int s = 0; s < 15; s++) {
            for (int i = 0; i < 12; i++) {
                out.add(ask("key_student" + s, i, rnd.nextInt(SET), 17L * i + s));
            }
        }
        for (int i = 0; i < SET; i++) {
            out.add(ask("key_evalteam", i, i, i / 3));
        }
        return out;
    }

    private static Set<String> splitMembersAlerted(List<Alert> out) {
        return out.stream().filter(a -> Subject.CLIENT.equals(a.subject().kind()) && a.severity().isDetection())
                .filter(a -> a.detectors().stream().anyMatch(f -> DatasetSplitDetector.NAME.equals(f.name())))
                .map(a -> a.subject().clientId()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void alertsTheFleetAsOneSplitAndEachMemberButNoBystander() {
        List<InferenceEvent> traffic = new ArrayList<>(fleet());
        traffic.addAll(bystanders());
        List<Alert> out = run(traffic);
        List<Alert> splits = out.stream().filter(a -> Subject.CLUSTER.equals(a.subject().kind())).toList();
        assertFalse(splits.isEmpty(), "a split alert");
        Alert last = splits.get(splits.size() - 1);
        assertEquals("split-gsm-like", last.subject().clusterId());
        assertTrue(last.severity().isDetection(), "severity " + last.severity());
        Set<String> expected = new TreeSet<>();
        for (int m = 0; m < 10; m++) {
            expected.add(String.format("key_split%02d", m));
        }
        // The fleet alert lists the members of its latest version; members found later get their own alerts.
        assertTrue(last.subject().members().size() >= 3 && expected.containsAll(last.subject().members()),
                last.detectors().toString());
        assertEquals(expected, splitMembersAlerted(out));
    }

    /**
     * A fleet splitting a compilation that gathers real users' questions beside its own items
     * (AlpacaEval holds Open-Assistant prompts) is one split of the compilation: the members whose
     * slices hold the conversation set's questions are members too, though a single prompt
     * repeating one of them is attributed to the conversation set. A benchmark the compilation
     * also holds stays its own set: the members walking it are not counted in the compilation.
     */
    @Test
    void takesAFleetSplittingACompilationAsOneSplitOfItsOwnAndItsUsersQuestions() {
        compilation = true;
        List<Alert> out = run(fleet());
        List<Alert> splits = out.stream().filter(a -> Subject.CLUSTER.equals(a.subject().kind())).toList();
        assertFalse(splits.isEmpty(), "a split alert");
        assertTrue(splits.stream().allMatch(a -> "split-compilation".equals(a.subject().clusterId())),
                splits.stream().map(a -> a.subject().clusterId()).distinct().toList().toString());
        Set<String> expected = new TreeSet<>();
        for (int m : new int[] {0, 1, 2, 3, 4, 7, 8, 9}) {
            expected.add(String.format("key_split%02d", m));
        }
        assertEquals(expected, splitMembersAlerted(out));
    }

    /** Evaluation users pick disjoint parts of a benchmark too, but ask for an answer letter. */
    @Test
    void doesNotCountAnswerLetterRunsOverDisjointParts() {
        maxTokens = 1;
        List<Alert> out = run(fleet());
        assertTrue(out.stream().noneMatch(a -> a.detectors().stream()
                .anyMatch(f -> DatasetSplitDetector.NAME.equals(f.name()))), "no split: " + out);
    }

    @Test
    void staysQuietOnStudentsAndAnEvaluationTeamAlone() {
        List<Alert> out = run(bystanders());
        assertTrue(out.stream().noneMatch(a -> a.detectors().stream()
                .anyMatch(f -> DatasetSplitDetector.NAME.equals(f.name()))), "no split: " + out);
    }

    /**
     * A tutoring key whose students paste items the fleet has not reached and follow up on half of
     * them: disjoint from the fleet, but its items are not claimed.
     */
    @Test
    void doesNotTakeInATutoringKeyWhoseStudentsFollowUp() {
        List<InferenceEvent> traffic = new ArrayList<>(fleet());
        for (int i = 0; i < 40; i++) {
            traffic.add(ask("key_tutor", 2 * i, 450 + i, 6L * i + 3));
            if (i % 2 == 0) {
                traffic.add(EventBuilder.event("key_tutor-" + (2 * i + 1)).client("key_tutor")
                        .at(Traffic.T0.plus(Duration.ofMinutes(6L * i + 4))).user("F" + (450 + i)).build());
            }
        }
        Set<String> members = splitMembersAlerted(run(traffic));
        assertTrue(members.contains("key_split03"), members.toString());
        assertFalse(members.contains("key_tutor"), members.toString());
    }
}
