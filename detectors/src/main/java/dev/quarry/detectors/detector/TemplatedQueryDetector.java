package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.TemplatedQueryConfig;
import dev.quarry.fingerprint.HyperLogLog;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.TextClip;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.roaringbitmap.RoaringBitmap;

/**
 * Sees a client filling one prompt template with many different inputs and harvesting long
 * answers: the shape of Self-Instruct/Alpaca-style distillation through an API.
 *
 * <p>In the spirit of SEAT (Zhang et al. 2021, "SEAT: Similarity Encoder by Adversarial Training
 * for Detecting Model Extraction Attack Queries") and Blacklight (Li et al. 2022, "Blacklight:
 * Scalable Defense for Neural Networks against Query-Based Black-Box Attacks"), which flag an
 * account whose queries are unusually similar to its own earlier queries. Here similarity is the
 * MinHash estimate of Jaccard similarity between word-bigram sets of prompt skeletons (numbers,
 * quotes, ids and URLs masked; see {@link dev.quarry.fingerprint.TemplateSkeleton}). A prompt joins
 * the most used of the client's templates whose representative signature it matches at
 * {@code joinSimilarity} or more ({@value TemplatedQueryConfig#DEFAULT_JOIN_SIMILARITY}: a 15-word
 * template with a 12-word fill scores about 0.3, two unrelated chat messages about 0.02; with
 * {@value dev.quarry.detectors.config.SignatureConfig#DEFAULT_SLOTS} signature slots
 * ({@code detection.signatures.slots}) a 0.3 pair falls under 0.2 about 5% of the time and a 0.02
 * pair reaches it with probability under 1e-8), otherwise it starts a new template; at most
 * {@code maxTemplates} ({@value TemplatedQueryConfig#DEFAULT_MAX_TEMPLATES}) are kept, the least
 * used evicted. Template ids are kept in a
 * RoaringBitmap per client, so the number of distinct templates a client has used is known.
 *
 * <p>Templating alone is not distillation: an enterprise batch job fills one template all day, and
 * so do content products. This detector is supporting evidence ({@code templates} group): it never
 * raises an alert alone. The score multiplies the dominant template's share of the client's prompts
 * (below {@code minTemplateShare}, {@value TemplatedQueryConfig#DEFAULT_MIN_TEMPLATE_SHARE}, nothing
 * is reported), the diversity of the fills (distinct prompts over prompts, full at
 * {@code fullFillDiversity}, {@value TemplatedQueryConfig#DEFAULT_FULL_FILL_DIVERSITY}: repeating one
 * prompt is not harvesting) and a volume ramp from {@code minQueries}
 * ({@value TemplatedQueryConfig#DEFAULT_MIN_QUERIES}) to {@code fullVolumeQueries}
 * ({@value TemplatedQueryConfig#DEFAULT_FULL_VOLUME_QUERIES}). The answers'
 * length is evidence only: products write long answers too.
 *
 * <p>Stateless and thread-safe.
 */
public final class TemplatedQueryDetector extends AbstractDetector<TemplatedQueryDetector.State> {
    public static final String NAME = "templated_queries";
    /** HyperLogLog precision of the distinct-prompt count: 1 KiB per client, about 3% error. */
    private static final int DISTINCT_PRECISION = 10;
    /**
     * Template ids live in a 2^20 space so a client's RoaringBitmap stays within 16 containers
     * however many templates it goes through (a chat user starts one per prompt).
     */
    private static final int TEMPLATE_ID_MASK = (1 << 20) - 1;
    private static final int SAMPLE_CHARS = 240;
    private final TemplatedQueryConfig config;

    public TemplatedQueryDetector(TemplatedQueryConfig config) {
        super(NAME, EvidenceGroup.TEMPLATES, State::new, State::read);
        if (config.maxTemplates() < 1 || config.minQueries() < 1 || config.fullVolumeQueries() < config.minQueries()) {
            throw new IllegalArgumentException("detection.templatedQueries: need maxTemplates >= 1 and 1 <= minQueries <= fullVolumeQueries");
        }
        this.config = config;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        Integer completion = event.response().completionTokens();
        if (completion != null) {
            s.completionTokens += completion;
            s.completions++;
        }
        if (features.words() < config.minWords()) {
            return Optional.empty();
        }
        s.queries++;
        s.distinctPrompts.add(features.textHash());
        int[] sig = features.signature();
        long[] low = lowBits(sig);
        // Among the templates the prompt is similar enough to, join the most used one: a template
        // is a cluster around its first prompt, and fills scattered over look-alike clusters
        // would hide how much of the traffic one template really carries.
        Template match = null;
        for (Template t : s.templates) {
            if (similarity(low, sig.length, t) >= config.joinSimilarity()
                    && (match == null || t.count > match.count)) {
                match = t;
            }
        }
        if (match == null) {
            if (s.templates.size() >= config.maxTemplates()) {
                Template least = s.templates.get(0);
                for (Template t : s.templates) {
                    if (t.count < least.count) {
                        least = t;
                    }
                }
                s.templates.remove(least);
            }
            match = new Template(low, sig.length, templateId(sig), 0, TextClip.head(features.skeleton(), SAMPLE_CHARS));
            s.templates.add(match);
            s.templateIds.add(match.id);
        }
        match.count++;
        // A template filled once can never be the reported one (its share would be 1/queries,
        // under minTemplateShare long before minQueries), so its example is not kept.
        if (match.count > 1) {
            match.lastExample = TextClip.head(event.request().userText(), SAMPLE_CHARS);
        }
        return finding(s);
    }

    private Optional<DetectorFinding> finding(State s) {
        if (s.queries < config.minQueries()) {
            return Optional.empty();
        }
        Template top = s.templates.get(0);
        for (Template t : s.templates) {
            if (t.count > top.count) {
                top = t;
            }
        }
        double share = (double) top.count / s.queries;
        if (share < config.minTemplateShare()) {
            return Optional.of(zero());
        }
        double diversity = Math.min(1.0, (double) s.distinctPrompts.estimate() / s.queries);
        double meanCompletion = s.completions == 0 ? 0 : (double) s.completionTokens / s.completions;
        double volume = Math.min(1.0, (double) (s.queries - config.minQueries())
                / Math.max(1, config.fullVolumeQueries() - config.minQueries()));
        double score = share * Math.min(1.0, diversity / config.fullFillDiversity()) * (0.5 + 0.5 * volume);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("template", top.skeleton);
        evidence.put("template_id", Integer.toUnsignedString(top.id, 16));
        evidence.put("template_share", round(share));
        evidence.put("prompts_in_template", top.count);
        evidence.put("prompts", s.queries);
        evidence.put("distinct_prompt_ratio", round(diversity));
        evidence.put("mean_completion_tokens", Math.round(meanCompletion));
        evidence.put("templates_seen", s.templateIds.getCardinality());
        evidence.put("latest_prompt", top.lastExample);
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        Object share = f.evidence().get("template_share");
        long pct = share instanceof Number n ? Math.round(n.doubleValue() * 100) : 0;
        return "templated queries: " + pct + "% of " + f.evidence().get("prompts")
                + " prompts fill one template, mean output " + f.evidence().get("mean_completion_tokens") + " tokens";
    }

    /**
     * The low 16 bits of each MinHash slot (b-bit minwise hashing, Li and König 2010, "b-Bit
     * Minwise Hashing", WWW): a template's signature takes half the state, and two different
     * minima agree on 16 bits with probability 2^-16, which moves a similarity of 64 slots by
     * about 0.001 on average, far inside {@code joinSimilarity}'s margin. Packed four slots to a
     * long (slot {@code i} in bits {@code 16 (i % 4)} of long {@code i / 4}, unused lanes 0), so
     * that comparing a prompt with a client's templates compares four slots an operation.
     */
    static long[] lowBits(int[] sig) {
        long[] low = new long[(sig.length + 3) / 4];
        for (int i = 0; i < sig.length; i++) {
            low[i >> 2] |= (sig[i] & 0xFFFFL) << ((i & 3) * 16);
        }
        return low;
    }

    /** Slot {@code i} of a signature packed by {@link #lowBits}. */
    static short slot(long[] low, int i) {
        return (short) (low[i >> 2] >>> ((i & 3) * 16));
    }

    private static final long LOW_15 = 0x7FFF_7FFF_7FFF_7FFFL;

    /**
     * Share of slots where a prompt's and a template's 16-bit signatures ({@link #lowBits}, of
     * {@code slots} and {@code template.slots} slots) agree, over the slots both have.
     */
    static double similarity(long[] low, int slots, Template template) {
        int n = Math.min(slots, template.slots);
        if (n == 0) {
            return 0.0;
        }
        if (slots != template.slots) {
            int same = 0;
            for (int i = 0; i < n; i++) {
                if (slot(low, i) == slot(template.signature, i)) {
                    same++;
                }
            }
            return (double) same / n;
        }
        // A lane of x is 0 exactly when the two slots agree. Adding 0x7FFF to a lane's low 15
        // bits carries into its top bit unless they are 0 and no carry crosses lanes; or-ing x
        // itself in covers the top bit, so the top bits left clear mark the equal lanes.
        int zeroLanes = 0;
        long[] t = template.signature;
        for (int k = 0; k < low.length; k++) {
            long x = low[k] ^ t[k];
            long y = ~(((x & LOW_15) + LOW_15) | x | LOW_15);
            zeroLanes += Long.bitCount(y);
        }
        // The unused lanes of the last long are 0 in both, so equal: not slots.
        return (double) (zeroLanes - (low.length * 4 - n)) / n;
    }

    private static int templateId(int[] sig) {
        int h = 0x7A3B;
        for (int i = 0; i < Math.min(4, sig.length); i++) {
            h = h * 31 + sig[i];
        }
        return h & TEMPLATE_ID_MASK;
    }


    /**
     * One template of a client: its first prompt's signature (16 bits a slot) and skeleton, how
     * often it was filled, and its latest fill once it has more than one.
     */
    static final class Template {
        /** The first prompt's signature, packed by {@link #lowBits}. */
        final long[] signature;
        final int slots;
        final int id;
        long count;
        final String skeleton;
        String lastExample = "";

        Template(long[] signature, int slots, int id, long count, String skeleton) {
            this.signature = signature;
            this.slots = slots;
            this.id = id;
            this.count = count;
            this.skeleton = skeleton;
        }
    }

    /**
     * Per-client state, bounded: at most {@code maxTemplates} templates, template ids in a 2^20
     * space, a distinct-prompt sketch (at most 1 KiB, a few bytes while young) and output counters.
     */
    public static final class State implements DetectorState {
        final List<Template> templates = new ArrayList<>();
        final RoaringBitmap templateIds = new RoaringBitmap();
        HyperLogLog distinctPrompts = new HyperLogLog(DISTINCT_PRECISION);
        long queries;
        long completionTokens;
        long completions;

        /** Fingerprinted prompts seen. */
        public long queries() {
            return queries;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(queries);
            out.writeLong(completionTokens);
            out.writeLong(completions);
            out.writeInt(templates.size());
            for (Template t : templates) {
                out.writeShort(t.slots);
                for (int k = 0; k < t.slots; k++) {
                    out.writeShort(slot(t.signature, k));
                }
                out.writeInt(t.id);
                out.writeLong(t.count);
                out.writeUTF(t.skeleton);
                out.writeUTF(t.lastExample);
            }
            templateIds.runOptimize();
            templateIds.serialize(out);
            distinctPrompts.writeTo(out);
        }

        static State read(DataInput in) throws IOException {
            State s = new State();
            s.queries = in.readLong();
            s.completionTokens = in.readLong();
            s.completions = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                int slots = in.readUnsignedShort();
                long[] sig = new long[(slots + 3) / 4];
                for (int k = 0; k < slots; k++) {
                    sig[k >> 2] |= (in.readShort() & 0xFFFFL) << ((k & 3) * 16);
                }
                int id = in.readInt();
                long count = in.readLong();
                Template t = new Template(sig, slots, id, count, in.readUTF());
                t.lastExample = in.readUTF();
                s.templates.add(t);
            }
            s.templateIds.deserialize(in);
            s.distinctPrompts = HyperLogLog.read(in);
            return s;
        }
    }
}
