package dev.quarry.corpora.bench.jmh;

import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Text features of one event, computed once per event in the topology: normalisation, template
 * skeleton and the 64-slot MinHash signature ({@link PromptFeatures#of} then {@code signature()}),
 * on a short chat prompt (40 chars) and a long one (4,000 chars), and the Jaccard estimate
 * {@link MinHasher#similarity} the templated-query detector runs against each of up to 16
 * templates. The baseline for features is {@code normalised()} alone (no signature asked), the
 * cost every detector pays even when it never looks at templates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PromptFeaturesBenchmark {
    private MinHasher hasher;
    private InferenceRequest shortRequest;
    private InferenceRequest longRequest;
    private int[] signatureA;
    private int[] signatureB;

    @Setup
    public void setUp() {
        hasher = Fixtures.minHasher();
        if (hasher.slots() != 64) {
            throw new IllegalStateException("expected the default 64 slots, got " + hasher.slots());
        }
        shortRequest = EventBuilder.event("s").user(Fixtures.SHORT_PROMPT).build().request();
        longRequest = EventBuilder.event("l").user(Fixtures.LONG_PROMPT).build().request();
        signatureA = hasher.signature("summarise the following report for the board keeping every figure exact");
        signatureB = hasher.signature("summarise the following memo for the team keeping every figure exact");
    }

    @Benchmark
    public int[] featuresAndSignatureShort() {
        return PromptFeatures.of(shortRequest, hasher).signature();
    }

    @Benchmark
    public int[] featuresAndSignatureLong() {
        return PromptFeatures.of(longRequest, hasher).signature();
    }

    @Benchmark
    public String baselineFeaturesWithoutSignatureShort() {
        return PromptFeatures.of(shortRequest, hasher).normalised();
    }

    @Benchmark
    public String baselineFeaturesWithoutSignatureLong() {
        return PromptFeatures.of(longRequest, hasher).normalised();
    }

    @Benchmark
    public double minHashSimilarity() {
        return MinHasher.similarity(signatureA, signatureB);
    }
}
