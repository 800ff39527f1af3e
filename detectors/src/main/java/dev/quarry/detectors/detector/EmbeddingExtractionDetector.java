package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.EmbeddingExtractionConfig;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.fingerprint.reference.ReferenceMatch;
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
 * A second, independent sign is where the inputs come from. StolenEncoder and Dziedzic et al.
 * query with a surrogate set drawn from public corpora; an index of one's own documents and a
 * search box over them hold none. Each input is looked up in the public reference sets (the index
 * of {@code benchmark_harvesting}, looked up once per event for every detector); inputs that
 * repeat an item of a benchmark or instruction set (conversation sets hold what users type) are
 * <em>public inputs</em>. The provenance score, once {@code minPublicInputs}
 * ({@value EmbeddingExtractionConfig#DEFAULT_MIN_PUBLIC_INPUTS}) public inputs come from at least
 * {@code minPublicSets} ({@value EmbeddingExtractionConfig#DEFAULT_MIN_PUBLIC_SETS}) sets of
 * {@code minSetInputs} ({@value EmbeddingExtractionConfig#DEFAULT_MIN_SET_INPUTS}) each, is the
 * product of
 * <ul>
 *   <li>volume: 0.5 + 0.5 x public inputs on a log scale from {@code minPublicInputs} to
 *       {@code fullInputs};</li>
 *   <li>public share: public inputs over all embedding inputs, ramped from
 *       {@code minPublicShare} ({@value EmbeddingExtractionConfig#DEFAULT_MIN_PUBLIC_SHARE}) to
 *       {@code fullPublicShare} ({@value EmbeddingExtractionConfig#DEFAULT_FULL_PUBLIC_SHARE});</li>
 *   <li>interleaving: the share of consecutive public inputs that change set, ramped from
 *       {@code minSwitchShare} ({@value EmbeddingExtractionConfig#DEFAULT_MIN_SWITCH_SHARE}) to
 *       {@code fullSwitchShare} ({@value EmbeddingExtractionConfig#DEFAULT_FULL_SWITCH_SHARE}):
 *       a pooled corpus, where embedding public datasets one after another (a contamination
 *       study, few-shot retrieval over one set) changes set once per set.</li>
 * </ul>
 * The detector reports the higher of the two scores. Provenance needs no coverage, so a few
 * hundred inputs from pooled public sets reach 0.5 where coverage needs {@code minInputs}.
 *
 * <p>The growth of coverage (new buckets in the latest window of {@code windowInputs},
 * {@value EmbeddingExtractionConfig#DEFAULT_WINDOW_INPUTS}) is
 * reported as evidence: no one's inputs are uniform, and measured against uniform draws the
 * growth of a broad corpus and of one domain came out alike. Defaults were set on traffic
 * composed for the unit tests (topic vocabularies, not real corpora). Blind spots: with the
 * default hashing encoder the space is lexical, so a knowledge base of widely varied wording (or
 * of two unrelated vocabularies) spreads like a broad corpus, and an extractor sending short
 * inputs is not counted (configure a semantic encoder to bucket meaning); an extractor that stays
 * inside one domain concentrates like a user; a one-domain knowledge base of many tens of
 * thousands of chunks creeps towards the coverage threshold with the lexical encoder; a client
 * split over many keys stays under {@code minInputs} each; a surrogate corpus of sets the
 * reference index does not hold (web text, one's own crawl) shows no provenance; a team embedding
 * a shuffled mix of three or more public benchmarks looks like a surrogate corpus. Other
 * endpoints cost one comparison.
 *
 * <p>State per client: counters, the bitmap (at most 2 KiB), the sample (at most 2 KiB) and the
 * public sets' counts (at most {@value #MAX_SOURCES}); a client that never embeds keeps 9 bytes. Stateless and thread-safe.
 */
public final class EmbeddingExtractionDetector extends AbstractDetector<EmbeddingExtractionDetector.State> {
    public static final String NAME = "embedding_extraction";
    static final int INPUT_SAMPLE = 256;
    static final int MAX_SOURCES = 16;
    private static final byte FORMAT = 2;
    private final EmbeddingExtractionConfig config;
    private final ReferenceLookup reference;
    private final int buckets;
    private final HyperplaneBuckets lsh;

    /** Without public reference sets: the provenance sign never counts. */
    public EmbeddingExtractionDetector(EmbeddingExtractionConfig config) {
        this(config, ReferenceLookup.none());
    }

    public EmbeddingExtractionDetector(EmbeddingExtractionConfig config, ReferenceLookup reference) {
        super(NAME, EvidenceGroup.EMBEDDING_EXTRACTION, State::new, State::read);
        if (config.lshPlanes() < 2 || config.lshPlanes() > 16
                || config.minInputs() < 1 || config.fullInputs() <= config.minInputs()
                || config.windowInputs() < 16 || config.fullEfficiency() <= config.minEfficiency() || config.minWords() < 0
                || config.fullRepeatShare() <= config.minRepeatShare()
                || config.minPublicInputs() < 1 || config.minSetInputs() < 1 || config.minPublicSets() < 2
                || config.fullPublicShare() <= config.minPublicShare()
                || config.fullSwitchShare() <= config.minSwitchShare()) {
            throw new IllegalArgumentException("detection.embeddingExtraction: need 2 <= lshPlanes <= 16, "
                    + "1 <= minInputs < fullInputs, windowInputs >= 16, minWords >= 0, minEfficiency < fullEfficiency "
                    + "minRepeatShare < fullRepeatShare, minPublicInputs >= 1, minSetInputs >= 1, minPublicSets >= 2, "
                    + "minPublicShare < fullPublicShare and minSwitchShare < fullSwitchShare");
        }
        this.config = config;
        this.reference = reference;
        this.lsh = new HyperplaneBuckets(config.lshPlanes(), config.lshSeed());
        this.buckets = 1 << config.lshPlanes();
    }

    @Override
    public int stateFormat() {
        return FORMAT;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        if (event.endpoint() != Endpoint.EMBEDDINGS) {
            return Optional.empty();
        }
        s.inputs++;
        ReferencePrompts.find(reference, event, features).filter(m -> m.kind().harvested()).ifPresent(s::matched);
        if (features.words() < config.minWords()) {
            return s.counted == 0 && s.publicInputs == 0 ? Optional.empty() : finding(s);
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
        int sets = s.setsWithAtLeast(config.minSetInputs());
        double switchShare = s.publicInputs < 2 ? 0 : (double) s.switches / (s.publicInputs - 1);
        double provenance = s.publicInputs < config.minPublicInputs() || sets < config.minPublicSets() ? 0
                : (0.5 + 0.5 * Ramps.logRamp(s.publicInputs, config.minPublicInputs(), config.fullInputs()))
                        * Ramps.ramp((double) s.publicInputs / s.inputs, config.minPublicShare(), config.fullPublicShare())
                        * Ramps.ramp(switchShare, config.minSwitchShare(), config.fullSwitchShare());
        if (s.counted < config.minInputs() && provenance == 0) {
            return Optional.of(zero());
        }
        long distinctInputs = Math.max(1, s.texts.estimate());
        int covered = s.buckets.getCardinality();
        double uniform = buckets * (1 - Math.pow(1 - 1.0 / buckets, distinctInputs));
        double efficiency = Math.min(1.0, covered / uniform);
        double repeats = s.sampledInputs == 0 ? 0 : (double) s.sampledRepeats / s.sampledInputs;
        double volume = 0.5 + 0.5 * Ramps.logRamp(distinctInputs, config.minInputs(), config.fullInputs());
        double coverageScore = s.counted < config.minInputs() ? 0
                : volume * Ramps.ramp(efficiency, config.minEfficiency(), config.fullEfficiency())
                        * (1 - Ramps.ramp(repeats, config.minRepeatShare(), config.fullRepeatShare()));
        double score = Math.max(coverageScore, provenance);
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
        evidence.put("public_inputs", s.publicInputs);
        evidence.put("public_share", round((double) s.publicInputs / s.inputs));
        evidence.put("public_sets", sets);
        evidence.put("set_switch_share", round(switchShare));
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        return "embedding extraction: " + f.evidence().get("inputs") + " embedding inputs cover "
                + f.evidence().get("distinct_buckets") + " LSH buckets (coverage " + f.evidence().get("coverage_share")
                + "), " + f.evidence().get("recent_new_buckets") + " new in the latest window; "
                + f.evidence().get("public_inputs") + " inputs from " + f.evidence().get("public_sets")
                + " public sets interleaved at " + f.evidence().get("set_switch_share");
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
        /** Inputs repeating a public benchmark or instruction item, and set changes between them. */
        long publicInputs;
        long switches;
        String lastSource = "";
        /** Public inputs per set, at most {@value #MAX_SOURCES} sets (later sets count as changes only). */
        final Map<String, Long> sources = new LinkedHashMap<>();

        void matched(ReferenceMatch m) {
            if (publicInputs > 0 && !m.source().equals(lastSource)) {
                switches++;
            }
            publicInputs++;
            lastSource = m.source();
            if (sources.containsKey(m.source()) || sources.size() < MAX_SOURCES) {
                sources.merge(m.source(), 1L, Long::sum);
            }
        }

        int setsWithAtLeast(int inputs) {
            int n = 0;
            for (long c : sources.values()) {
                n += c >= inputs ? 1 : 0;
            }
            return n;
        }

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
            out.writeLong(publicInputs);
            out.writeLong(switches);
            out.writeUTF(lastSource);
            out.writeByte(sources.size());
            for (Map.Entry<String, Long> e : sources.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
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
            s.publicInputs = in.readLong();
            s.switches = in.readLong();
            s.lastSource = in.readUTF();
            for (int i = 0, n = in.readUnsignedByte(); i < n; i++) {
                s.sources.put(in.readUTF(), in.readLong());
            }
            s.texts = DistinctSample.read(in, INPUT_SAMPLE);
            s.buckets.deserialize(in);
            return s;
        }
    }
}
