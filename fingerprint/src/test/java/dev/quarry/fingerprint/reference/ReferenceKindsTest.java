package dev.quarry.fingerprint.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceKindsTest {
    private static final String HEADER = "folder\tkind\tnote\n";
    private static final String QUESTION = "{\"question\": \"How many apples are left when four friends share twenty apples?\"}\n";
    private static final String CHAT = "{\"text\": \"What is a good way to keep basil fresh in the kitchen for a week?\"}\n";

    @TempDir
    Path dir;

    private Path kinds(String body) throws IOException {
        return Files.writeString(dir.resolve(ReferenceKinds.FILE), HEADER + body);
    }

    private Path write(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    private List<ReferenceEntry> read() throws IOException {
        List<ReferenceEntry> out = new ArrayList<>();
        new ReferenceCorpusReader(ReferenceIndex.DEFAULT_MIN_WORDS).read(dir, out::add);
        return out;
    }

    @Test
    void givesListedSetsTheirKindAndUnlistedSetsBenchmark() throws IOException {
        kinds("chats\tconversation\treal users\nseeds\tinstruction\n");
        write("chats/data.jsonl", CHAT);
        write("seeds/tasks.jsonl", QUESTION.replace("apples", "pears"));
        write("exam/test.jsonl", QUESTION);
        assertEquals(List.of(new ReferenceEntry("chats", ReferenceKind.CONVERSATION, CHAT.substring(10, CHAT.length() - 3)),
                        new ReferenceEntry("exam", ReferenceKind.BENCHMARK, QUESTION.substring(14, QUESTION.length() - 3)),
                        new ReferenceEntry("seeds", ReferenceKind.INSTRUCTION,
                                QUESTION.substring(14, QUESTION.length() - 3).replace("apples", "pears"))),
                read());
    }

    @Test
    void readsABenchmarksTrainingSplitAsASetOfItsOwn() throws IOException {
        kinds("chats\tconversation\n");
        write("exam/data/train.jsonl", QUESTION);
        write("exam/data/test.jsonl", QUESTION.replace("apples", "plums"));
        write("exam/data/test_socratic.jsonl", QUESTION.replace("apples", "figs"));
        write("exam/auxiliary_train/dev_train.jsonl", QUESTION.replace("apples", "kiwis"));
        write("chats/train.jsonl", CHAT);
        List<ReferenceEntry> entries = read();
        Map<String, String> setOf = new java.util.TreeMap<>();
        entries.forEach(e -> setOf.put(e.text().replaceAll(".* many (\\w+) .*", "$1"), e.source()));
        assertEquals("exam:train", setOf.get("apples"));
        assertEquals("exam", setOf.get("plums"));
        assertEquals("exam", setOf.get("figs"));
        assertEquals("exam", setOf.get("kiwis"), "a path naming an evaluation split is not training");
        assertTrue(ReferenceCorpusReader.isTrainingSplit(setOf.get("apples")));
        assertTrue(entries.stream().filter(e -> e.source().startsWith("exam"))
                .allMatch(e -> e.kind() == ReferenceKind.BENCHMARK), "a training split keeps its benchmark's kind");
        assertEquals(List.of("chats", "exam", "exam", "exam", "exam" + ReferenceCorpusReader.TRAINING_SPLIT),
                entries.stream().map(ReferenceEntry::source).sorted().toList());
        assertEquals(ReferenceKind.CONVERSATION, entries.stream().filter(e -> e.source().equals("chats")).findFirst()
                .orElseThrow().kind(), "only a benchmark's splits are told apart");
    }

    @Test
    void everySetIsABenchmarkWithoutAKindsFile() throws IOException {
        write("chats/data.jsonl", CHAT);
        assertEquals(ReferenceKind.BENCHMARK, read().get(0).kind());
        assertEquals(Optional.of(ReferenceKind.BENCHMARK), ReferenceKinds.none().kindOf("anything"));
    }

    @Test
    void doesNotReadTraceSetsOrSetsOfUnknownKinds() throws IOException {
        kinds("timings\ttrace\nschemas\tnotes\tnotes on log schemas\n");
        write("timings/broken.jsonl", "{not json at all"); // would fail the read if it were opened
        write("schemas/example.jsonl", CHAT);
        write("exam/test.jsonl", QUESTION);
        assertEquals(List.of("exam"), read().stream().map(ReferenceEntry::source).toList());
        assertEquals(Map.of("schemas", "notes"), ReferenceKinds.read(dir).ignored());
    }

    @Test
    void acceptsKindsInAnyCaseAndSkipsCommentsAndBlankLines() throws IOException {
        kinds("# sets of the test\n\nchats\tConversation\n");
        ReferenceKinds k = ReferenceKinds.read(dir);
        assertEquals(Optional.of(ReferenceKind.CONVERSATION), k.kindOf("chats"));
        assertTrue(k.indexed("chats"));
        assertEquals(Optional.of(ReferenceKind.BENCHMARK), k.kindOf("unlisted"));
    }

    @Test
    void rejectsALineWithoutATabNamingTheFileAndTheLine() throws IOException {
        Path file = kinds("chats\tconversation\nseeds instruction\n");
        IOException e = assertThrows(IOException.class, () -> ReferenceKinds.read(dir));
        assertTrue(e.getMessage().startsWith(file + " line 3: no tab"), e.getMessage());
        assertThrows(IOException.class, this::read, "the reader fails on it too");
    }

    @Test
    void rejectsAnEmptyKindAPathAndAFolderListedTwice() throws IOException {
        kinds("chats\t\n");
        assertTrue(assertThrows(IOException.class, () -> ReferenceKinds.read(dir)).getMessage()
                .contains("line 2: empty kind"));
        kinds("a/b\tbenchmark\n");
        assertTrue(assertThrows(IOException.class, () -> ReferenceKinds.read(dir)).getMessage()
                .contains("line 2: folder must be a top-level folder name"));
        kinds("chats\tconversation\nchats\tbenchmark\n");
        assertTrue(assertThrows(IOException.class, () -> ReferenceKinds.read(dir)).getMessage()
                .contains("line 3: folder chats listed twice"));
        kinds("chats\treal users\n");
        assertTrue(assertThrows(IOException.class, () -> ReferenceKinds.read(dir)).getMessage()
                .contains("line 2: kind must be one word"));
    }

    @Test
    void anItemInAConversationSetAndABenchmarkCountsAsConversation() {
        String text = "What is a good way to keep basil fresh in the kitchen for a week?";
        ReferenceIndex index = ReferenceIndex.of(List.of(
                new ReferenceEntry("bench", ReferenceKind.BENCHMARK, text),
                new ReferenceEntry("bench", ReferenceKind.BENCHMARK, "Name three rivers that flow through more than five countries."),
                new ReferenceEntry("seeds", ReferenceKind.INSTRUCTION, "Name three rivers that flow through more than five countries."),
                new ReferenceEntry("chats", ReferenceKind.CONVERSATION, text)), 0.6, 5);
        ReferenceMatch m = index.find(text).orElseThrow();
        assertEquals("chats", m.source());
        assertEquals(ReferenceKind.CONVERSATION, m.kind());
        assertEquals(ReferenceKind.BENCHMARK, index.find("Name three rivers that flow through more than five countries.")
                .orElseThrow().kind());
        assertEquals(Map.of("bench", 1, "chats", 1), index.sourceSizes());
        assertEquals(Map.of("bench", ReferenceKind.BENCHMARK, "chats", ReferenceKind.CONVERSATION), index.sourceKinds());
    }

    /**
     * A walk over an item counts in its own set when that is a benchmark or instruction set; an
     * item attributed to a conversation set walks in the largest benchmark or instruction set that
     * also publishes it (a compilation), and in none when only conversation sets publish it.
     */
    @Test
    void aConversationItemIsWalkedInTheLargestBenchmarkThatAlsoPublishesIt() {
        String chat = "What is a good way to keep basil fresh in the kitchen for a week?";
        String vicuna = "How can I improve my time management skills when I work from home every day?";
        String own = "Write a short poem about a lighthouse keeper who counts the passing ships.";
        String onlyChat = "Why does my sourdough starter smell like nail polish after three days?";
        ReferenceIndex index = ReferenceIndex.of(List.of(
                new ReferenceEntry("chats", ReferenceKind.CONVERSATION, chat),
                new ReferenceEntry("chats", ReferenceKind.CONVERSATION, onlyChat),
                new ReferenceEntry("small", ReferenceKind.BENCHMARK, vicuna),
                new ReferenceEntry("tiny", ReferenceKind.BENCHMARK, chat),
                new ReferenceEntry("compilation", ReferenceKind.BENCHMARK, chat),
                new ReferenceEntry("compilation", ReferenceKind.BENCHMARK, vicuna),
                new ReferenceEntry("compilation", ReferenceKind.BENCHMARK, own)), 0.6, 5);
        ReferenceMatch c = index.find(chat).orElseThrow();
        ReferenceMatch v = index.find(vicuna).orElseThrow();
        assertEquals("chats", c.source());
        assertEquals("small", v.source());
        assertEquals(Optional.of("compilation"), index.walkSet(c.id()));
        assertEquals(Optional.of("small"), index.walkSet(v.id()));
        assertEquals(Optional.of("compilation"), index.walkSet(index.find(own).orElseThrow().id()));
        assertEquals(Optional.empty(), index.walkSet(index.find(onlyChat).orElseThrow().id()));
        assertEquals(Map.of("compilation", 2, "small", 1), index.walkSetSizes());
        assertEquals(Map.of("chats", 2, "small", 1, "compilation", 1), index.sourceSizes());
    }

    @Test
    void refusesOneSetGivenTwoKinds() {
        assertThrows(IllegalArgumentException.class, () -> ReferenceIndex.of(List.of(
                new ReferenceEntry("bench", ReferenceKind.BENCHMARK, "Name three rivers that flow through Europe."),
                new ReferenceEntry("bench", ReferenceKind.CONVERSATION, "Name three mountains that stand in Asia.")),
                0.6, 5));
    }
}
