package dev.quarry.corpora.pipeline;

import dev.quarry.corpora.BenchmarkBank;
import dev.quarry.corpora.CorpusCounts;
import dev.quarry.corpora.CorpusSpec;
import dev.quarry.corpora.CorpusWriter;
import dev.quarry.corpora.TrafficGenerator;
import dev.quarry.corpora.source.PromptSource;
import dev.quarry.corpora.source.Sources;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A corpus generated for a replay test as {@code generate} writes it without {@code --text-source}:
 * the built-in prompts, with the benchmark items they drew written as the reference directory.
 */
record GeneratedCorpus(CorpusCounts counts, Path reference) {
    static GeneratedCorpus write(CorpusSpec spec, Path dir) throws IOException {
        BenchmarkBank bank = new BenchmarkBank();
        Sources sources = new Sources(PromptSource.builtInRecording(bank::record), Sources.builtIn().timing());
        CorpusCounts counts = new CorpusWriter(dir).write(new TrafficGenerator(spec, sources));
        return new GeneratedCorpus(counts, bank.write(dir));
    }
}
