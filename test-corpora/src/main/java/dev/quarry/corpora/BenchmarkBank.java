package dev.quarry.corpora;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.text.StudyBank;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.SplittableRandom;

/**
 * The built-in "public benchmark" a corpus generated without {@code --text-source} drew from,
 * written next to {@code events.jsonl.gz} as {@code reference/} so that {@code eval
 * --reference-dir <corpus>/reference} can run {@code benchmark_harvesting} on the default corpus.
 *
 * <p>The built-in bank ({@link StudyBank}) has hundreds of thousands of items, indexed by a long;
 * writing all of it would make a corpus hundreds of megabytes larger. So the bank is the items at
 * the indices the benchmark sweeps (the harvester and the evaluation run) actually asked for,
 * recorded through {@link dev.quarry.corpora.source.PromptSource#builtInRecording} without drawing
 * a random number (seeds give the same corpus as before). For each recorded index both of the
 * texts a sweep can fall back to are written: {@link StudyBank#benchmarkItem} (GSM8K-style, in
 * {@value #WORD_PROBLEMS}) and, for MMLU-style indices, {@link StudyBank#examQuestion} seeded by the
 * index (in {@value #EXAM}; ten distinct questions, which students ask too). Students' random
 * word problems are not recorded: the stand-in benchmark is smaller than a real one would be.
 *
 * <p>Thread-safe: {@link #record} is synchronised.
 */
public final class BenchmarkBank {
    public static final String DIRECTORY = "reference";
    static final String WORD_PROBLEMS = "studybank-word-problems.jsonl";
    static final String EXAM = "studybank-exam.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BitSet wordProblems = new BitSet();
    private final BitSet exam = new BitSet();

    /** Notes that a sweep asked for item {@code i} of {@code set}. */
    public synchronized void record(PromptSet set, long i) {
        if (i < 0 || i > Integer.MAX_VALUE) {
            return;
        }
        if (set == PromptSet.GSM8K || set == PromptSet.GSM8K_TEST || set == PromptSet.MMLU) {
            wordProblems.set((int) i);
        }
        if (set == PromptSet.MMLU) {
            exam.set((int) i);
        }
    }

    /** Writes the recorded items as JSONL ({@code {"question": ...}}) into {@code dir}/reference; returns that directory. */
    public synchronized Path write(Path dir) throws IOException {
        Path out = dir.resolve(DIRECTORY);
        Files.createDirectories(out);
        LinkedHashSet<String> problems = new LinkedHashSet<>();
        wordProblems.stream().forEach(i -> problems.add(StudyBank.benchmarkItem(i)));
        LinkedHashSet<String> questions = new LinkedHashSet<>();
        exam.stream().forEach(i -> questions.add(StudyBank.examQuestion(new SplittableRandom(i))));
        writeJsonl(out.resolve(WORD_PROBLEMS), problems);
        writeJsonl(out.resolve(EXAM), questions);
        return out;
    }

    private static void writeJsonl(Path file, Collection<String> questions) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String q : questions) {
                ObjectNode n = JSON.createObjectNode().put("question", q);
                w.write(JSON.writeValueAsString(n));
                w.write('\n');
            }
        }
    }
}
