package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.NearDuplicateConfig;
import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.vector.VectorMath;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.TextClip;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sees a client whose queries keep landing next to its own earlier queries: the same question
 * with small edits (systematic perturbation probes) or one request re-worded around new topics
 * (paraphrase-fill distillation), at a rate natural traffic does not reach.
 *
 * <p>Follows SEAT (Zhang et al. 2021, "SEAT: Similarity Encoder by Adversarial Training for
 * Detecting Model Extraction Attack Queries"), which counts, per account, queries with a similar
 * earlier query under an encoder and flags an account once the count of such pairs passes a
 * threshold, and Blacklight (Li et al. 2022, USENIX Security, "Blacklight: Scalable Defense for
 * Neural Networks against Query-Based Black-Box Attacks"), which hashes sliding windows of each
 * quantised query, keeps the top 50 hashes as its fingerprint and calls two queries near-duplicates
 * when their fingerprints share more than a threshold of hashes. Here a query is a near-duplicate
 * of one of the client's last {@code recentQueries}
 * ({@value NearDuplicateConfig#DEFAULT_RECENT_QUERIES}) queries when either
 * <ul>
 *   <li>their embeddings have cosine similarity {@code >= similarity}
 *   ({@value NearDuplicateConfig#DEFAULT_SIMILARITY}), tested straight on
 *   the int8-quantised recent vectors (SEAT's encoder), stopping at the first that is near enough
 *   ({@link VectorMath#anyDotAtLeastQuantised}).
 *   With the hashing encoder, unrelated chat prompts score 0.1-0.15, "explain X to a 5 year old"
 *   against the same words with another topic 0.75, against a re-wording 0.4: it knows no
 *   paraphrase, so at the default this test catches small edits of longer prompts, and re-worded
 *   fills are caught only where they share windows below; a semantic encoder makes it see
 *   re-wording; or</li>
 *   <li>their Blacklight fingerprints (the {@code fingerprintHashes}
 *   ({@value NearDuplicateConfig#DEFAULT_FINGERPRINT_HASHES}) largest hashes of the word 3-gram
 *   windows of the normalised text, digits folded so number sweeps collide) share at least
 *   {@code fingerprintMatchShare} ({@value NearDuplicateConfig#DEFAULT_FINGERPRINT_MATCH_SHARE}) of
 *   the shorter one's hashes (8 of 16 from 18 words up): half the windows unchanged, i.e. a small
 *   edit, or a short request re-used with a new one-word topic.</li>
 * </ul>
 * An exact repeat of a stored prompt is counted separately, not as a near-duplicate: retries and
 * re-sampling add no new input. A prompt longer than {@code maxComparedWords}
 * ({@value NearDuplicateConfig#DEFAULT_MAX_COMPARED_WORDS}) carries a document (RAG context, a
 * ticket to summarise): only its question is compared (see {@link ComparedQuestion}: its last
 * paragraph, or else its last {@code questionWords}
 * ({@value NearDuplicateConfig#DEFAULT_QUESTION_WORDS}) words), so a shared context does not make
 * calls alike.
 *
 * <p>Unlike {@link TemplatedQueryDetector}, which groups prompts by the MinHash of their masked
 * skeleton at a low similarity and scores the dominant template's share, this detector needs no
 * fixed wording: it compares whole queries pairwise, so it also sees varied openers and closers
 * around one request, and single-word edits of one question. It scores the COUNT of near-duplicate
 * queries relative to volume, never a raw similarity: the share of new (not exactly repeated)
 * compared queries that were near-duplicates, from {@code baseRate}
 * ({@value NearDuplicateConfig#DEFAULT_BASE_RATE}: a chat user's follow-ups and a student's related
 * homework questions stay below it) to {@code fullRate}
 * ({@value NearDuplicateConfig#DEFAULT_FULL_RATE}), times a volume ramp from {@code minQueries}
 * ({@value NearDuplicateConfig#DEFAULT_MIN_QUERIES}) to {@code fullVolumeQueries}
 * ({@value NearDuplicateConfig#DEFAULT_FULL_VOLUME_QUERIES}). It is supporting evidence
 * ({@code templates} group, with {@link TemplatedQueryDetector}): an IDE re-sending one file with
 * small edits and a templated batch job repeat themselves too, so it never raises an alert alone.
 * The near-duplicates' mean answer length is evidence only.
 *
 * <p>State per client at the defaults: 48 * 260 B of vectors (12,480 B) + 48 * 69 B of text hashes
 * and fingerprints (3,312 B, see {@link QueryFingerprints}) + 52 B of counters and headers + the
 * clipped latest example (at most 725 B): at most 16,569 B, about 16 KiB. Stateless and thread-safe.
 */
public final class NearDuplicateDetector extends AbstractDetector<NearDuplicateDetector.State> {
    public static final String NAME = "near_duplicate_queries";
    private static final int SAMPLE_CHARS = 240;
    private final NearDuplicateConfig config;

    public NearDuplicateDetector(NearDuplicateConfig config) {
        super(NAME, EvidenceGroup.TEMPLATES, () -> new State(config.recentQueries(), config.fingerprintHashes()), in -> {
            State s = new State(config.recentQueries(), config.fingerprintHashes());
            s.readFrom(in);
            return s;
        });
        if (config.recentQueries() < 1 || config.fingerprintHashes() < 1 || !(config.fingerprintMatchShare() > 0)
                || config.fingerprintMatchShare() > 1 || config.questionWords() < 1
                || config.maxComparedWords() < config.questionWords() || config.minQueries() < 1
                || config.fullVolumeQueries() < config.minQueries() || !(config.baseRate() < config.fullRate())) {
            throw new IllegalArgumentException("detection.nearDuplicateQueries: need recentQueries >= 1,"
                    + " fingerprintHashes >= 1, 0 < fingerprintMatchShare <= 1,"
                    + " 1 <= questionWords <= maxComparedWords, 1 <= minQueries <= fullVolumeQueries"
                    + " and baseRate < fullRate");
        }
        this.config = config;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        Integer completion = event.response().completionTokens();
        if (features.words() < config.minWords()) {
            return Optional.empty();
        }
        String text = features.normalised();
        float[] q;
        if (features.words() > config.maxComparedWords()) {
            ComparedQuestion.Embedded compared = ComparedQuestion.embedded(event.request().userText(), features,
                    config.maxComparedWords(), config.questionWords());
            text = compared.text();
            q = compared.vector();
        } else {
            q = features.embedding();
        }
        // The whole prompt's hash is shared with the other detectors through the features.
        int textHash = (int) (text == features.normalised() ? features.textHash() : Hashing.hash64(text));
        int[] fingerprint = QueryFingerprints.of(text, config.fingerprintHashes());
        s.queries++;
        if (s.fingerprints.containsText(textHash)) {
            s.repeats++;
        } else if (s.vectors.comparable(q) && (s.vectors.anyDotAtLeast(q, (float) config.similarity())
                || s.fingerprints.matches(fingerprint, config.fingerprintMatchShare()))) {
            s.nearDuplicates++;
            if (completion != null) {
                s.nearDuplicateCompletionTokens += completion;
                s.nearDuplicateCompletions++;
            }
            s.lastNearDuplicate = TextClip.head(event.request().userText(), SAMPLE_CHARS);
        }
        s.vectors.add(q);
        s.fingerprints.add(textHash, fingerprint);
        return finding(s);
    }

    private Optional<DetectorFinding> finding(State s) {
        if (s.queries < config.minQueries() || s.nearDuplicates == 0) {
            return Optional.of(zero());
        }
        // exact repeats (retries, re-sampling) are neither near-duplicates nor new prompts
        double rate = (double) s.nearDuplicates / Math.max(1, s.queries - s.repeats);
        double rateScore = Ramps.clamp01((rate - config.baseRate()) / (config.fullRate() - config.baseRate()));
        double meanCompletion = s.nearDuplicateCompletions == 0 ? 0
                : (double) s.nearDuplicateCompletionTokens / s.nearDuplicateCompletions;
        double volume = Ramps.clamp01((double) (s.queries - config.minQueries())
                / Math.max(1, config.fullVolumeQueries() - config.minQueries()));
        double score = rateScore * (0.5 + 0.5 * volume);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("near_duplicate_queries", s.nearDuplicates);
        evidence.put("queries", s.queries);
        evidence.put("near_duplicate_rate", round(rate));
        evidence.put("exact_repeats", s.repeats);
        evidence.put("near_duplicate_mean_completion_tokens", Math.round(meanCompletion));
        evidence.put("latest_near_duplicate", s.lastNearDuplicate);
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        Object rate = f.evidence().get("near_duplicate_rate");
        long pct = rate instanceof Number n ? Math.round(n.doubleValue() * 100) : 0;
        return "near-duplicate queries: " + pct + "% of " + f.evidence().get("queries")
                + " queries closely resemble one of the client's recent queries";
    }


    /**
     * Per-client state, bounded: the last {@code recentQueries} queries as int8 vectors, text
     * hashes and fingerprints (first in, first out), counters, and one clipped example prompt.
     */
    public static final class State implements DetectorState {
        final QuantisedVectorRing vectors;
        final QueryFingerprints fingerprints;
        long queries;
        long nearDuplicates;
        long repeats;
        long nearDuplicateCompletionTokens;
        long nearDuplicateCompletions;
        String lastNearDuplicate = "";

        State(int capacity, int k) {
            this.vectors = new QuantisedVectorRing(capacity);
            this.fingerprints = new QueryFingerprints(capacity, k);
        }

        /** Compared queries seen. */
        public long queries() {
            return queries;
        }

        /** Compared queries that were near-duplicates of a recent one. */
        public long nearDuplicates() {
            return nearDuplicates;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(queries);
            out.writeLong(nearDuplicates);
            out.writeLong(repeats);
            out.writeLong(nearDuplicateCompletionTokens);
            out.writeLong(nearDuplicateCompletions);
            out.writeUTF(lastNearDuplicate);
            fingerprints.writeTo(out);
            vectors.writeTo(out);
        }

        void readFrom(DataInput in) throws IOException {
            queries = in.readLong();
            nearDuplicates = in.readLong();
            repeats = in.readLong();
            nearDuplicateCompletionTokens = in.readLong();
            nearDuplicateCompletions = in.readLong();
            lastNearDuplicate = in.readUTF();
            fingerprints.readFrom(in);
            vectors.readFrom(in);
        }
    }
}
