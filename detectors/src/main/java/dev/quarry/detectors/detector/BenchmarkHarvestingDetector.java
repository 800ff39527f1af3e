package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.BenchmarkHarvestingConfig;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.fingerprint.reference.ReferenceMatch;
import dev.quarry.ingest.InferenceEvent;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * Sees a client sweeping public benchmarks and instruction sets (GSM8K, MMLU, Alpaca, MT-bench,
 * ...) and asking for worked answers: harvesting the teacher's solutions to exactly the items a
 * student model will later be trained and scored on.
 *
 * <p>Anthropic's 2026 distillation report describes distillers that draw their prompts from public
 * benchmark and instruction sets; the research on benchmark contamination and dataset inference
 * explains why those items are worth stealing answers for - a model trained on a benchmark's items
 * and high-quality solutions scores well above its real ability (Golchin and Surdeanu 2024, "Time
 * Travel in LLMs: Tracing Data Contamination in Large Language Models"; Shi et al. 2024,
 * "Detecting Pretraining Data from Large Language Models") - and that membership in a published set
 * is checkable. Each prompt is looked up in a {@link ReferenceLookup} of those sets (near-duplicate
 * search, so wrappers such as "Solve: ... think step by step" do not hide the item); the detector
 * keeps, per dataset, a RoaringBitmap of the distinct item ids the client matched.
 *
 * <p>"A student asking twenty exam questions is not a harvester": nothing is reported below
 * {@code watch_items} (50) distinct matched items, nor while under {@code min_share} (0.5) of the
 * client's prompts are benchmark items (an app or a person mixing homework into real use). The
 * volume part ramps from 0.3 at 50 to 1 at {@code full_items} (300) distinct items, or is 1 when
 * one dataset is covered to {@code full_coverage} (25%: sweeping a quarter of MT-bench or GSM8K
 * test is a sweep); the share part is the share over {@code full_share} (0.8), capped at 1.
 *
 * <p>An evaluation run is the hard negative: it sweeps a benchmark too, but asks for the answer
 * letter only ({@code max_tokens} at most {@code evaluation_max_tokens}, 5, usually with
 * logprobs, as lm-evaluation-harness and HELM do) and produces nothing to train on. A harvester
 * needs the worked solution: {@code max_tokens} of at least {@code harvest_max_tokens} (256) or,
 * with no limit given, answers of {@code harvest_completion_tokens} (150) or more. The score is
 * multiplied by the fraction of matched requests that ask for a worked answer, so a pure
 * evaluation sweep scores 0 however long it runs.
 *
 * <p>Stateless and thread-safe (the lookup is shared and thread-safe).
 */
public final class BenchmarkHarvestingDetector extends AbstractDetector<BenchmarkHarvestingDetector.State> {
    public static final String NAME = "benchmark_harvesting";
    private final BenchmarkHarvestingConfig config;
    private final ReferenceLookup reference;

    public BenchmarkHarvestingDetector(BenchmarkHarvestingConfig config, ReferenceLookup reference) {
        super(NAME, EvidenceGroup.PROVENANCE, State::new, State::read);
        if (config.watchItems < 1 || config.fullItems < config.watchItems || config.maxSources < 1) {
            throw new IllegalArgumentException("need 1 <= watch_items <= full_items and max_sources >= 1");
        }
        this.config = config;
        this.reference = reference;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        if (reference.size() == 0) {
            return Optional.empty();
        }
        s.prompts++;
        Optional<ReferenceMatch> match = reference.find(event.request().userText());
        if (match.isEmpty()) {
            return finding(s);
        }
        ReferenceMatch m = match.get();
        s.matched++;
        Integer maxTokens = event.request().maxTokens();
        Integer completion = event.response().completionTokens();
        boolean evaluation = maxTokens != null && maxTokens <= config.evaluationMaxTokens;
        boolean harvest = !evaluation && (maxTokens != null ? maxTokens >= config.harvestMaxTokens
                : completion != null && completion >= config.harvestCompletionTokens);
        if (evaluation) {
            s.evaluationLike++;
        } else if (harvest) {
            s.harvestLike++;
        }
        RoaringBitmap items = s.items.get(m.source());
        if (items == null) {
            if (s.items.size() >= config.maxSources) {
                String least = null;
                for (Map.Entry<String, RoaringBitmap> e : s.items.entrySet()) {
                    if (least == null || e.getValue().getCardinality() < s.items.get(least).getCardinality()) {
                        least = e.getKey();
                    }
                }
                s.items.remove(least);
            }
            items = new RoaringBitmap();
            s.items.put(m.source(), items);
        }
        items.add(m.id());
        s.lastSource = m.source();
        return finding(s);
    }

    private Optional<DetectorFinding> finding(State s) {
        long distinct = 0;
        String top = null;
        long topItems = 0;
        for (Map.Entry<String, RoaringBitmap> e : s.items.entrySet()) {
            long n = e.getValue().getLongCardinality();
            distinct += n;
            if (n > topItems) {
                top = e.getKey();
                topItems = n;
            }
        }
        double share = s.prompts == 0 ? 0 : (double) s.matched / s.prompts;
        if (distinct < config.watchItems || share < config.minShare) {
            return Optional.of(zero());
        }
        int topSize = reference.sourceSizes().getOrDefault(top, 0);
        double coverage = topSize == 0 ? 0 : (double) topItems / topSize;
        double ramp = Math.min(1.0, (double) (distinct - config.watchItems)
                / Math.max(1, config.fullItems - config.watchItems));
        double volume = Math.max(0.3 + 0.7 * ramp, coverage >= config.fullCoverage ? 1.0 : 0.0);
        double harvestRatio = (double) s.harvestLike / s.matched;
        double score = volume * Math.min(1.0, share / config.fullShare) * harvestRatio;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("distinct_items", distinct);
        evidence.put("matched_share", round(share));
        evidence.put("prompts", s.prompts);
        evidence.put("top_dataset", top);
        evidence.put("top_dataset_items", topItems);
        evidence.put("top_dataset_coverage", round(coverage));
        evidence.put("worked_answer_ratio", round(harvestRatio));
        evidence.put("answer_letter_ratio", round((double) s.evaluationLike / s.matched));
        evidence.put("latest_dataset", s.lastSource);
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        Object share = f.evidence().get("matched_share");
        long pct = share instanceof Number n ? Math.round(n.doubleValue() * 100) : 0;
        return "benchmark harvesting: " + f.evidence().get("distinct_items") + " public benchmark items ("
                + pct + "% of prompts, mostly " + f.evidence().get("top_dataset") + ") asked with worked answers";
    }

    /**
     * Per-client state, bounded: counters and at most {@code max_sources} bitmaps of item ids, each
     * no larger than its dataset.
     */
    public static final class State implements DetectorState {
        final Map<String, RoaringBitmap> items = new TreeMap<>();
        long prompts;
        long matched;
        long harvestLike;
        long evaluationLike;
        String lastSource = "";

        /** Prompts looked up. */
        public long prompts() {
            return prompts;
        }

        /** Prompts that repeated a reference item. */
        public long matched() {
            return matched;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(prompts);
            out.writeLong(matched);
            out.writeLong(harvestLike);
            out.writeLong(evaluationLike);
            out.writeUTF(lastSource);
            out.writeInt(items.size());
            for (Map.Entry<String, RoaringBitmap> e : items.entrySet()) {
                out.writeUTF(e.getKey());
                e.getValue().runOptimize();
                e.getValue().serialize(out);
            }
        }

        static State read(DataInput in) throws IOException {
            State s = new State();
            s.prompts = in.readLong();
            s.matched = in.readLong();
            s.harvestLike = in.readLong();
            s.evaluationLike = in.readLong();
            s.lastSource = in.readUTF();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String source = in.readUTF();
                RoaringBitmap b = new RoaringBitmap();
                b.deserialize(in);
                s.items.put(source, b);
            }
            return s;
        }
    }
}
