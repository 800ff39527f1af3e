package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.EmbeddingExtractionConfig;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.vector.VectorMath;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.roaringbitmap.RoaringBitmap;

/**
 * Sees a client stealing an embedding model through the {@code embeddings} endpoint: querying it
 * with inputs that cover the whole embedding space, to train a copy on the returned vectors.
 *
 * <p>StolenEncoder (Liu et al. 2022, CCS) and Dziedzic et al. ("On the Difficulty of Defending
 * Self-Supervised Learning against Model Extraction", ICML 2022; "Dataset Inference for
 * Self-Supervised Models", NeurIPS 2022) steal an encoder by querying it with a broad public
 * surrogate corpus, many thousands of inputs, and regressing a student on the embeddings. The
 * defence followed here is B4B (Dubinski et al. 2023, "Bucks for Buckets (B4B): Active Defenses
 * Against Stealing Encoders", NeurIPS): it hashes each query's embedding into LSH buckets and
 * tracks how much of the embedding space a user covers, since a legitimate user concentrates on
 * its own task while an extractor's coverage keeps growing.
 *
 * <p>Per client, on embeddings calls only (one event per input, contract v1), the detector hashes
 * {@link PromptFeatures#embedding()} (L2-normalised) with {@code lshPlanes}
 * ({@value EmbeddingExtractionConfig#DEFAULT_LSH_PLANES}) signed random hyperplanes from a fixed
 * seed (Charikar 2002) into 2^{@code lshPlanes} (1,024) buckets kept in a RoaringBitmap, and the
 * input text into an adaptive distinct sample ({@link DistinctSample}) that gives distinct inputs
 * and exact repeats. Inputs under {@code minWords}
 * ({@value EmbeddingExtractionConfig#DEFAULT_MIN_WORDS}) words are not counted: the default lexical
 * encoder scatters a few words at random. Once {@code minInputs}
 * ({@value EmbeddingExtractionConfig#DEFAULT_MIN_INPUTS}) inputs are counted, the score is the
 * product of
 * <ul>
 *   <li>volume: 0.5 + 0.5 x distinct counted inputs on a log scale to {@code fullInputs}
 *       ({@value EmbeddingExtractionConfig#DEFAULT_FULL_INPUTS});</li>
 *   <li>coverage for the volume: distinct buckets over those that uniform draws would fill with as
 *       many distinct inputs, ramped from {@code minEfficiency}
 *       ({@value EmbeddingExtractionConfig#DEFAULT_MIN_EFFICIENCY}) to {@code fullEfficiency}
 *       ({@value EmbeddingExtractionConfig#DEFAULT_FULL_EFFICIENCY}): one domain concentrates in
 *       part of the space, a broad corpus spreads;</li>
 *   <li>freshness: 1 - the share of inputs repeating an earlier one, ramped from
 *       {@code minRepeatShare} ({@value EmbeddingExtractionConfig#DEFAULT_MIN_REPEAT_SHARE}) to
 *       {@code fullRepeatShare} ({@value EmbeddingExtractionConfig#DEFAULT_FULL_REPEAT_SHARE}):
 *       nightly re-indexing and popular search queries repeat, and their coverage stops growing.</li>
 * </ul>
 * The growth of coverage (new buckets in the latest window of {@code windowInputs},
 * {@value EmbeddingExtractionConfig#DEFAULT_WINDOW_INPUTS}) is
 * reported as evidence: no one's inputs are uniform, and measured against uniform draws the
 * growth of a broad corpus and of one domain came out alike. Defaults were set on traffic
 * composed for the unit tests (topic vocabularies, not real corpora). Blind spots: with the
 * default hashing encoder the space is lexical, so a knowledge base of widely varied wording (or
 * of two unrelated vocabularies) spreads like a broad corpus, and an extractor sending short
 * inputs is not counted (configure a semantic encoder to bucket meaning); an extractor that stays
 * inside one domain concentrates like a user; a one-domain knowledge base of many tens of
 * thousands of chunks creeps towards the coverage threshold with the lexical encoder; a client
 * split over many keys stays under {@code minInputs} each. Other endpoints cost one comparison.
 *
 * <p>State per client: counters, the bitmap (at most 2 KiB) and the sample (at most 2 KiB); a
 * client that never embeds keeps 9 bytes. Stateless and thread-safe.
 */
public final class EmbeddingExtractionDetector extends AbstractDetector<EmbeddingExtractionDetector.State> {
    public static final String NAME = "embedding_extraction";
    static final int INPUT_SAMPLE = 256;
    private static final byte FORMAT = 1;
    private final EmbeddingExtractionConfig config;
    private final int buckets;
    private final HyperplaneBuckets lsh;

    public EmbeddingExtractionDetector(EmbeddingExtractionConfig config) {
        super(NAME, EvidenceGroup.EMBEDDING_EXTRACTION, State::new, State::read);
        if (config.lshPlanes() < 2 || config.lshPlanes() > 16
                || config.minInputs() < 1 || config.fullInputs() <= config.minInputs()
                || config.windowInputs() < 16 || config.fullEfficiency() <= config.minEfficiency() || config.minWords() < 0
                || config.fullRepeatShare() <= config.minRepeatShare()) {
            throw new IllegalArgumentException("detection.embeddingExtraction: need 2 <= lshPlanes <= 16, "
                    + "1 <= minInputs < fullInputs, windowInputs >= 16, minWords >= 0, minEfficiency < fullEfficiency "
                    + "and minRepeatShare < fullRepeatShare");
        }
        this.config = config;
        this.lsh = new HyperplaneBuckets(config.lshPlanes(), config.lshSeed());
        this.buckets = 1 << config.lshPlanes();
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        if (event.endpoint() != Endpoint.EMBEDDINGS) {
            return Optional.empty();
        }
        s.inputs++;
        if (features.words() < config.minWords()) {
            return s.counted == 0 ? Optional.empty() : finding(s);
        }
        s.counted++;
        int minute = (int) Math.floorDiv(event.tsMillis(), 60_000L);
        long seen = s.texts.offer((int) (features.textHash() >>> 32), minute);
        if (seen != DistinctSample.UNSAMPLED) {
            s.sampledInputs++;
            s.sampledRepeats += seen == DistinctSample.NEW ? 0 : 1;
        }
        if (s.windowCount == 0) {
            s.windowNew = 0;
        }
        if (s.buckets.checkedAdd(lsh.bucket(features.embedding()))) {
            s.windowNew++;
        }
        if (++s.windowCount == config.windowInputs()) {
            s.lastWindowNew = s.windowNew;
            s.windowCount = 0;
        }
        return finding(s);
    }

    private Optional<DetectorFinding> finding(State s) {
        if (s.counted < config.minInputs()) {
            return Optional.of(zero());
        }
        long distinctInputs = Math.max(1, s.texts.estimate());
        int covered = s.buckets.getCardinality();
        double uniform = buckets * (1 - Math.pow(1 - 1.0 / buckets, distinctInputs));
        double efficiency = Math.min(1.0, covered / uniform);
        double repeats = s.sampledInputs == 0 ? 0 : (double) s.sampledRepeats / s.sampledInputs;
        double volume = 0.5 + 0.5 * Ramps.logRamp(distinctInputs, config.minInputs(), config.fullInputs());
        double score = volume * Ramps.ramp(efficiency, config.minEfficiency(), config.fullEfficiency())
                * (1 - Ramps.ramp(repeats, config.minRepeatShare(), config.fullRepeatShare()));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("inputs", s.inputs);
        evidence.put("counted_inputs", s.counted);
        evidence.put("distinct_inputs", distinctInputs);
        evidence.put("distinct_buckets", covered);
        evidence.put("coverage_share", round((double) covered / buckets));
        evidence.put("coverage_efficiency", round(efficiency));
        evidence.put("recent_new_buckets", s.lastWindowNew);
        evidence.put("recent_window_inputs", config.windowInputs());
        evidence.put("repeat_share", round(repeats));
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        return "embedding extraction: " + f.evidence().get("inputs") + " embedding inputs cover "
                + f.evidence().get("distinct_buckets") + " LSH buckets (coverage " + f.evidence().get("coverage_share")
                + "), " + f.evidence().get("recent_new_buckets") + " new in the latest window";
    }

    /** Per-client state: inputs, covered buckets, the input sample, the open window's new buckets. */
    public static final class State implements DetectorState {
        long inputs;
        long counted;
        RoaringBitmap buckets = new RoaringBitmap();
        DistinctSample texts = new DistinctSample(INPUT_SAMPLE);
        long sampledInputs;
        long sampledRepeats;
        int windowCount;
        int windowNew;
        int lastWindowNew;

        /** Embedding inputs seen. */
        public long inputs() {
            return inputs;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeByte(FORMAT);
            out.writeLong(inputs);
            if (inputs == 0) {
                return;
            }
            out.writeLong(counted);
            out.writeLong(sampledInputs);
            out.writeLong(sampledRepeats);
            out.writeInt(windowCount);
            out.writeInt(windowNew);
            out.writeInt(lastWindowNew);
            texts.writeTo(out);
            buckets.runOptimize();
            buckets.serialize(out);
        }

        static State read(DataInput in) throws IOException {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("unknown embedding_extraction state format " + format);
            }
            State s = new State();
            s.inputs = in.readLong();
            if (s.inputs == 0) {
                return s;
            }
            s.counted = in.readLong();
            s.sampledInputs = in.readLong();
            s.sampledRepeats = in.readLong();
            s.windowCount = in.readInt();
            s.windowNew = in.readInt();
            s.lastWindowNew = in.readInt();
            s.texts = DistinctSample.read(in, INPUT_SAMPLE);
            s.buckets.deserialize(in);
            return s;
        }
    }
}
