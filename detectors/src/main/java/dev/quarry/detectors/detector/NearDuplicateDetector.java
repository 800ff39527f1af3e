package dev.quarry.detectors.detector;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.NearDuplicateConfig;
import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.vector.VectorMath;
import dev.quarry.ingest.InferenceEvent;
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
 * of one of the client's last {@code recent_queries} (48) queries when either
 * <ul>
 *   <li>their embeddings have cosine similarity {@code >= similarity} (0.8), counted with the
 *   batched {@link VectorMath#countDotAtLeast} over the int8-quantised recent vectors (SEAT's
 *   encoder; with the hashing encoder 0.8 means most words and word pairs are shared: unrelated
 *   chat prompts score under 0.3, a re-worded request with a new topic 0.5-0.9); or</li>
 *   <li>their Blacklight fingerprints (the {@code fingerprint_hashes} (16) largest hashes of the
 *   word 3-gram windows of the normalised text, digits folded so number sweeps collide) share at
 *   least {@code fingerprint_match_share} (0.5) of the shorter one's hashes (8 of 16 from 18
 *   words up): half the windows unchanged, i.e. a small edit, or a short request re-used with a
 *   new one-word topic.</li>
 * </ul>
 * An exact repeat of a stored prompt is counted separately, not as a near-duplicate: retries and
 * re-sampling add no new input. A prompt longer than {@code max_compared_words} (64) carries a
 * document (RAG context, a ticket to summarise): only its question is compared (see
 * {@link ComparedQuestion}: its last paragraph, or else its last {@code question_words} (24) words), so a shared context does not make calls alike.
 *
 * <p>Unlike {@link TemplatedQueryDetector}, which groups prompts by the MinHash of their masked
 * skeleton at a low similarity and scores the dominant template's share, this detector needs no
 * fixed wording: it compares whole queries pairwise, so it also sees varied openers and closers
 * around one request, and single-word edits of one question. It scores the COUNT of near-duplicate
 * queries relative to volume, never a raw similarity: the share of new (not exactly repeated) compared queries that
 * were near-duplicates, from {@code base_rate} (0.3: a chat user's follow-ups and a student's
 * related homework questions stay below it) to {@code full_rate} (0.7), times the output harvest of
 * the near-duplicate queries themselves (their mean completion tokens over
 * {@code harvest_completion_tokens}, 400: a developer's IDE completions re-send one file with
 * small edits for 10-100 tokens, while its long answers go to unrelated questions) and a volume ramp from
 * {@code min_queries} (30) to {@code full_volume_queries} (150). A legitimately templated batch
 * job (one instruction, a real document each call, one-sentence outputs) harvests nothing and
 * stays low; so does a label classifier.
 *
 * <p>State per client at the defaults: 48 * 260 B of vectors (12,480 B) + 48 * 69 B of text
 * hashes and fingerprints (3,312 B) + 52 B of counters and headers + the clipped latest example
 * (at most 722 B): at most 16,566 B, about 16 KiB. Stateless and thread-safe (one
 * scratch matrix per thread).
 */
public final class NearDuplicateDetector implements Detector<NearDuplicateDetector.State> {
    public static final String NAME = "near_duplicate_queries";
    private static final int SAMPLE_CHARS = 240;
    /**
     * Fingerprints of fewer windows (prompts under 6 words) never match: a chat user's short
     * follow-ups ("can you make that shorter?") share most of their few windows by nature.
     */
    static final int MIN_FINGERPRINT_WINDOWS = 4;
    private final NearDuplicateConfig config;
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[0]);

    public NearDuplicateDetector(NearDuplicateConfig config) {
        if (config.recentQueries < 1 || config.fingerprintHashes < 1 || !(config.fingerprintMatchShare > 0)
                || config.fingerprintMatchShare > 1 || config.questionWords < 1
                || config.maxComparedWords < config.questionWords || config.minQueries < 1
                || config.fullVolumeQueries < config.minQueries || !(config.baseRate < config.fullRate)) {
            throw new IllegalArgumentException("need recent_queries >= 1, fingerprint_hashes >= 1, 0 < fingerprint_match_share <= 1,"
                    + " 1 <= question_words <= max_compared_words, 1 <= min_queries <= full_volume_queries"
                    + " and base_rate < full_rate");
        }
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public State newState() {
        return new State(config.recentQueries, config.fingerprintHashes);
    }

    @Override
    public State readState(DataInput in) throws IOException {
        State s = newState();
        s.readFrom(in);
        return s;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        Integer completion = event.response().completionTokens();
        if (features.words() < config.minWords) {
            return Optional.empty();
        }
        String text = features.normalised();
        float[] q;
        if (features.words() > config.maxComparedWords) {
            text = ComparedQuestion.of(event.request().userText(), features, config.maxComparedWords,
                    config.questionWords);
            q = features.encoder().encode(text);
        } else {
            q = features.embedding();
        }
        int textHash = (int) Hashing.hash64(text);
        int[] fingerprint = fingerprint(text, config.fingerprintHashes);
        float[] matrix = scratch(s.vectors.size() * q.length);
        int rows = s.vectors.dequantiseInto(matrix, q.length);
        s.queries++;
        if (s.containsText(textHash)) {
            s.repeats++;
        } else if (rows > 0 && (VectorMath.countDotAtLeast(q, matrix, rows, (float) config.similarity) > 0
                || s.fingerprintMatches(fingerprint, config.fingerprintMatchShare))) {
            s.nearDuplicates++;
            if (completion != null) {
                s.nearDuplicateCompletionTokens += completion;
                s.nearDuplicateCompletions++;
            }
            s.lastNearDuplicate = clip(event.request().userText());
        }
        s.vectors.add(q);
        s.add(textHash, fingerprint);
        return finding(s);
    }

    private Optional<DetectorFinding> finding(State s) {
        if (s.queries < config.minQueries || s.nearDuplicates == 0) {
            return Optional.empty();
        }
        // exact repeats (retries, re-sampling) are neither near-duplicates nor new prompts
        double rate = (double) s.nearDuplicates / Math.max(1, s.queries - s.repeats);
        double rateScore = clamp((rate - config.baseRate) / (config.fullRate - config.baseRate));
        double meanCompletion = s.nearDuplicateCompletions == 0 ? 0
                : (double) s.nearDuplicateCompletionTokens / s.nearDuplicateCompletions;
        double harvest = clamp(meanCompletion / config.harvestCompletionTokens);
        double volume = clamp((double) (s.queries - config.minQueries)
                / Math.max(1, config.fullVolumeQueries - config.minQueries));
        double score = rateScore * harvest * (0.5 + 0.5 * volume);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("near_duplicate_queries", s.nearDuplicates);
        evidence.put("queries", s.queries);
        evidence.put("near_duplicate_rate", round(rate));
        evidence.put("exact_repeats", s.repeats);
        evidence.put("near_duplicate_mean_completion_tokens", Math.round(meanCompletion));
        evidence.put("latest_near_duplicate", s.lastNearDuplicate);
        return Optional.of(new DetectorFinding(NAME, round(score), evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        Object rate = f.evidence().get("near_duplicate_rate");
        long pct = rate instanceof Number n ? Math.round(n.doubleValue() * 100) : 0;
        return "near-duplicate queries: " + pct + "% of " + f.evidence().get("queries")
                + " queries closely resemble one of the client's recent queries";
    }

    /**
     * Blacklight-style fingerprint: the {@code k} largest distinct hashes of the word 3-gram
     * windows (one window for shorter texts), sorted descending. Digits hash alike, so prompts
     * that differ only in their numbers share every window.
     */
    static int[] fingerprint(String text, int k) {
        int[] top = new int[k];
        int filled = 0;
        long w1 = 0;
        long w2 = 0;
        int words = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            long h = 0x2D35_8DCC_AA6C_78A5L;
            while (i < n && text.charAt(i) != ' ') {
                char c = text.charAt(i++);
                h = (h ^ (Character.isDigit(c) ? '0' : c)) * 0x100_0000_01B3L;
            }
            h = Hashing.mix64(h);
            words++;
            if (words >= 3) {
                filled = offer(top, filled, (int) (Hashing.combine(Hashing.combine(w2, w1), h) >>> 32));
            }
            w2 = w1;
            w1 = h;
        }
        if (words > 0 && words < 3) {
            filled = offer(top, filled, (int) (Hashing.combine(w2, w1) >>> 32));
        }
        return filled == k ? top : java.util.Arrays.copyOf(top, filled);
    }

    private static int offer(int[] top, int filled, int h) {
        for (int j = 0; j < filled; j++) {
            if (top[j] == h) {
                return filled;
            }
        }
        if (filled == top.length && h <= top[filled - 1]) {
            return filled;
        }
        int j = filled == top.length ? filled - 1 : filled++;
        while (j > 0 && top[j - 1] < h) {
            top[j] = top[j - 1];
            j--;
        }
        top[j] = h;
        return filled;
    }

    private float[] scratch(int floats) {
        float[] m = scratch.get();
        if (m.length < floats) {
            m = new float[floats];
            scratch.set(m);
        }
        return m;
    }

    private static String clip(String s) {
        return s.length() <= SAMPLE_CHARS ? s : s.substring(0, SAMPLE_CHARS) + "…";
    }

    private static double clamp(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    /**
     * Per-client state, bounded: the last {@code recent_queries} queries as int8 vectors, text
     * hashes and fingerprints (first in, first out), counters, and one clipped example prompt.
     */
    public static final class State implements DetectorState {
        final QuantisedVectorRing vectors;
        /** Per slot: the text hash, then {@code k} fingerprint hashes (unused tail slots are 0). */
        final int[] slots;
        final byte[] lengths;
        final int k;
        int size;
        int next;
        long queries;
        long nearDuplicates;
        long repeats;
        long nearDuplicateCompletionTokens;
        long nearDuplicateCompletions;
        String lastNearDuplicate = "";

        State(int capacity, int k) {
            this.vectors = new QuantisedVectorRing(capacity);
            this.k = k;
            this.slots = new int[capacity * (k + 1)];
            this.lengths = new byte[capacity];
        }

        /** Compared queries seen. */
        public long queries() {
            return queries;
        }

        /** Compared queries that were near-duplicates of a recent one. */
        public long nearDuplicates() {
            return nearDuplicates;
        }

        boolean containsText(int hash) {
            for (int r = 0; r < size; r++) {
                if (slots[r * (k + 1)] == hash) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a stored fingerprint shares at least {@code share} of the shorter one's hashes with {@code fp}. */
        boolean fingerprintMatches(int[] fp, double share) {
            for (int r = 0; r < size; r++) {
                int off = r * (k + 1) + 1;
                int len = lengths[r];
                // both fingerprints are sorted descending: count common values by merging
                int a = 0;
                int b = 0;
                int shared = 0;
                while (a < fp.length && b < len) {
                    int x = fp[a];
                    int y = slots[off + b];
                    if (x == y) {
                        shared++;
                        a++;
                        b++;
                    } else if (x > y) {
                        a++;
                    } else {
                        b++;
                    }
                }
                int shorter = Math.min(fp.length, len);
                if (shorter >= MIN_FINGERPRINT_WINDOWS && shared >= share * shorter) {
                    return true;
                }
            }
            return false;
        }

        void add(int textHash, int[] fp) {
            int off = next * (k + 1);
            slots[off] = textHash;
            java.util.Arrays.fill(slots, off + 1, off + k + 1, 0);
            System.arraycopy(fp, 0, slots, off + 1, fp.length);
            lengths[next] = (byte) fp.length;
            next = (next + 1) % lengths.length;
            size = Math.min(size + 1, lengths.length);
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(queries);
            out.writeLong(nearDuplicates);
            out.writeLong(repeats);
            out.writeLong(nearDuplicateCompletionTokens);
            out.writeLong(nearDuplicateCompletions);
            out.writeUTF(lastNearDuplicate);
            out.writeShort(k);
            out.writeShort(size);
            out.writeShort(next);
            for (int r = 0; r < size; r++) {
                int off = r * (k + 1);
                out.writeInt(slots[off]);
                out.writeByte(lengths[r]);
                for (int j = 0; j < lengths[r]; j++) {
                    out.writeInt(slots[off + 1 + j]);
                }
            }
            vectors.writeTo(out);
        }

        void readFrom(DataInput in) throws IOException {
            queries = in.readLong();
            nearDuplicates = in.readLong();
            repeats = in.readLong();
            nearDuplicateCompletionTokens = in.readLong();
            nearDuplicateCompletions = in.readLong();
            lastNearDuplicate = in.readUTF();
            int writtenK = in.readShort();
            int written = in.readShort();
            int writtenNext = in.readShort();
            int capacity = lengths.length;
            for (int r = 0; r < written; r++) {
                int textHash = in.readInt();
                int len = in.readByte();
                int[] fp = new int[len];
                for (int j = 0; j < len; j++) {
                    fp[j] = in.readInt();
                }
                if (r < capacity && writtenK == k) {
                    int off = r * (k + 1);
                    slots[off] = textHash;
                    System.arraycopy(fp, 0, slots, off + 1, len);
                    lengths[r] = (byte) len;
                    size++;
                }
            }
            next = size == 0 ? 0 : written <= capacity ? writtenNext % capacity : 0;
            vectors.readFrom(in);
        }
    }
}
