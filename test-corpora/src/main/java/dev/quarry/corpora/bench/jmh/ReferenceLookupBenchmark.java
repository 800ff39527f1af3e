package dev.quarry.corpora.bench.jmh;

import dev.quarry.fingerprint.reference.ReferenceEntry;
import dev.quarry.fingerprint.reference.ReferenceIndex;
import dev.quarry.fingerprint.reference.ReferenceMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link ReferenceIndex#find}, run by {@code benchmark_harvesting} on every event, against the
 * Lucene-query lookup it replaced ({@link LuceneBandQueryBaseline}), on one fixture index of
 * {@value #ITEMS} generated items (the size of the public sets in {@code shared/corpora}; text
 * from a Zipf-distributed pseudo-word vocabulary, 8 to 60 words, 1 to 3 lines).
 *
 * <p>Prompts cycle through {@value #PROMPTS} distinct texts, more than the index's answer cache
 * holds, so every {@code find} but those of {@code repeatedPrompt} misses the cache:
 * {@code unmatched} is a chat prompt found in no set (the common case), {@code matched} an item
 * wrapped in harvester instructions. {@code repeatedPrompt} is a distiller's retry (cache hit).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReferenceLookupBenchmark {
    static final int ITEMS = 34_000;
    static final int PROMPTS = 8_192;
    private static final String[] SYLLABLES = {"ka", "to", "ri", "el", "an", "mo", "su", "ve", "lin", "dar", "or",
        "pe", "qu", "ith", "sa", "ne", "co", "bu", "gra", "fi"};

    private ReferenceIndex index;
    private LuceneBandQueryBaseline baseline;
    private String[] unmatched;
    private String[] matched;
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        String[] vocabulary = vocabulary(random, 6_000);
        List<ReferenceEntry> entries = new ArrayList<>(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            entries.add(new ReferenceEntry("set-" + (i % 11), text(random, vocabulary)));
        }
        index = ReferenceIndex.of(entries, ReferenceIndex.DEFAULT_MIN_SIMILARITY, ReferenceIndex.DEFAULT_MIN_WORDS);
        baseline = LuceneBandQueryBaseline.of(entries, ReferenceIndex.DEFAULT_MIN_SIMILARITY,
                ReferenceIndex.DEFAULT_MIN_WORDS);
        unmatched = new String[PROMPTS];
        matched = new String[PROMPTS];
        for (int i = 0; i < PROMPTS; i++) {
            unmatched[i] = text(random, vocabulary);
            matched[i] = "Solve: " + entries.get(random.nextInt(ITEMS)).text() + "\n\nLet's think step by step.";
        }
        if (index.find(matched[0]).isEmpty() || baseline.find(matched[0]).isEmpty()
                || index.find(unmatched[1]).isPresent()) {
            throw new IllegalStateException("fixture prompts do not behave as named");
        }
    }

    private static String[] vocabulary(Random random, int size) {
        String[] words = new String[size];
        for (int i = 0; i < size; i++) {
            StringBuilder w = new StringBuilder();
            for (int s = 1 + random.nextInt(3); s > 0; s--) {
                w.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            words[i] = w.append(i % 97).toString();
        }
        return words;
    }

    /** 8-60 words on 1-3 lines, word ranks drawn with a heavy head like natural text. */
    private static String text(Random random, String[] vocabulary) {
        int words = 8 + random.nextInt(53);
        int lines = 1 + random.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            double u = random.nextDouble();
            sb.append(vocabulary[(int) (vocabulary.length * u * u * u)]);
            sb.append(i == words - 1 ? "" : i % (words / lines + 1) == words / lines ? "\n" : " ");
        }
        return sb.append('?').toString();
    }

    private int nextPrompt() {
        next = (next + 1) & (PROMPTS - 1);
        return next;
    }

    @Benchmark
    public Optional<ReferenceMatch> unmatched() {
        return index.find(unmatched[nextPrompt()]);
    }

    @Benchmark
    public Optional<ReferenceMatch> baselineUnmatched() {
        return baseline.find(unmatched[nextPrompt()]);
    }

    @Benchmark
    public Optional<ReferenceMatch> matched() {
        return index.find(matched[nextPrompt()]);
    }

    @Benchmark
    public Optional<ReferenceMatch> baselineMatched() {
        return baseline.find(matched[nextPrompt()]);
    }

    @Benchmark
    public Optional<ReferenceMatch> repeatedPrompt() {
        return index.find(matched[0]);
    }
}
