package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.BenchmarkHarvestingConfig;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.reference.ReferenceCorpusReader;
import dev.quarry.fingerprint.reference.ReferenceKind;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.fingerprint.reference.ReferenceMatch;
import dev.quarry.fingerprint.stats.Binomial;
import dev.quarry.ingest.InferenceEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
 * keeps, per dataset, a RoaringBitmap of the distinct item ids the client matched and the number
 * of prompts that matched it.
 *
 * <p>What a match is worth depends on its set's {@link ReferenceKind kind}:
 * <ul>
 *   <li>{@code conversation} (Open-Assistant, hh-rlhf): real users' questions, which other users
 *       type too; such a prompt counts as an ordinary prompt, so a support bot whose customers ask
 *       common questions is not harvesting;
 *   <li>{@code instruction} (Self-Instruct, Alpaca, Code Alpaca, Orca): training-data instructions
 *       nobody evaluates on; answered at length they are harvest evidence in themselves;
 *   <li>{@code benchmark}: harvesters walk them, and so do evaluation teams (below).
 * </ul>
 *
 * <p>Harvesting, as the report and model leeching (Birch et al. 2023, "Model Leeching: An
 * Extraction Attack Targeting LLMs") describe it, walks many items of benchmark and instruction
 * sets, more than evaluating or trying a model needs, once each, for full answers, usually across
 * several sets. Its legitimate look-alikes each lack part of that: a developer trying a model asks
 * a few dozen items from several sets; an evaluation team walks a whole split in a harness's
 * canonical few-shot formatting and runs it again for the next model or prompt variant; a tutoring
 * app's students paste exam items among their own questions and follow up on them. So evidence
 * grows with the distinct items walked and the share of a set covered, and each of those marks
 * discounts it.
 *
 * <p>"A student asking twenty exam questions is not a harvester": nothing is reported below
 * {@code watchItems} ({@value BenchmarkHarvestingConfig#DEFAULT_WATCH_ITEMS}) distinct matched
 * items, nor while under {@code minShare} ({@value BenchmarkHarvestingConfig#DEFAULT_MIN_SHARE}) of
 * the client's prompts are such items (an app or a person mixing homework into real use). Below
 * {@code mediumItems} ({@value BenchmarkHarvestingConfig#DEFAULT_MEDIUM_ITEMS}) distinct items the
 * score is capped at {@code belowFloorCap} ({@value BenchmarkHarvestingConfig#DEFAULT_BELOW_FLOOR_CAP}),
 * which supporting evidence cannot lift to {@code medium}: trying a model is a watch-list matter.
 * The score is the product of
 * <ol>
 *   <li>volume: from 0.3 at {@code watchItems} to 1 at {@code fullItems}
 *       ({@value BenchmarkHarvestingConfig#DEFAULT_FULL_ITEMS}) distinct items, or 1 when one
 *       dataset is covered to {@code fullCoverage}
 *       ({@value BenchmarkHarvestingConfig#DEFAULT_FULL_COVERAGE}: a quarter of GSM8K test) by at
 *       least {@code mediumItems} of its items (a quarter of a small set is a handful);
 *   <li>share: the matched share over {@code fullShare}
 *       ({@value BenchmarkHarvestingConfig#DEFAULT_FULL_SHARE}), capped at 1;
 *   <li>worked answers: the fraction of matched requests asking for one, {@code max_tokens} of at
 *       least {@code harvestMaxTokens}
 *       ({@value BenchmarkHarvestingConfig#DEFAULT_HARVEST_MAX_TOKENS}) or, with no limit given,
 *       answers of {@code harvestCompletionTokens}
 *       ({@value BenchmarkHarvestingConfig#DEFAULT_HARVEST_COMPLETION_TOKENS}) or more. An
 *       evaluation run asking for the answer letter only ({@code max_tokens} at most
 *       {@code evaluationMaxTokens},
 *       {@value BenchmarkHarvestingConfig#DEFAULT_EVALUATION_MAX_TOKENS}, usually with logprobs, as
 *       lm-evaluation-harness and HELM do) scores 0 however long it runs;
 *   <li>walk: {@code w * r + (1 - w) * b}, where {@code w} is the share of the distinct items
 *       in instruction sets or in benchmarks' training splits
 *       ({@link ReferenceCorpusReader#isTrainingSplit}: evaluations run test splits, distillation
 *       sets are built from training questions, as MetaMathQA and WizardMath were; a training
 *       split's part keeps the one-run cap below, since prompt optimisers such as OPRO and DSPy
 *       run training questions in one bounded run), {@code r} the re-run discount below and
 *       {@code b} judges the benchmark part. An evaluation team with chain-of-thought answers
 *       walks one benchmark, often at temperature 0 and often repeating the same items over runs
 *       and models; a harvester walks several sets once. So {@code b} is 1 when at least
 *       {@code multiSetSources}
 *       ({@value BenchmarkHarvestingConfig#DEFAULT_MULTI_SET_SOURCES}) sets have
 *       {@code minSourceItems} ({@value BenchmarkHarvestingConfig#DEFAULT_MIN_SOURCE_ITEMS}) items
 *       each, else {@code singleSetFactor}
 *       ({@value BenchmarkHarvestingConfig#DEFAULT_SINGLE_SET_FACTOR}); times {@code r}, from 1 at
 *       one prompt per distinct item down to {@code repeatFactor}
 *       ({@value BenchmarkHarvestingConfig#DEFAULT_REPEAT_FACTOR}) at {@code fullRepeatRatio}
 *       ({@value BenchmarkHarvestingConfig#DEFAULT_FULL_REPEAT_RATIO}) prompts per item, counting
 *       only re-runs (an item asked again after others, or at once of another model: evaluation
 *       harnesses compare models or settings on the same fixed set, HELM's and lm-evaluation-harness's
 *       leaderboards run every model on every item, often with several runs in flight; the same
 *       item again at once of the same model is another sample of its answer, which a harvester
 *       collecting several answers per item takes); times a harness discount, down to
 *       {@code harnessFactor} ({@value BenchmarkHarvestingConfig#DEFAULT_HARNESS_FACTOR}) as the
 *       share of benchmark prompts in harness form grows to {@code fullHarnessShare}
 *       ({@value BenchmarkHarvestingConfig#DEFAULT_FULL_HARNESS_SHARE}: a suite mixes parsed tasks
 *       with open-ended ones a judge scores later) ({@link HarnessFormat}: few-shot form,
 *       {@code fewShotLabelLines}, {@value BenchmarkHarvestingConfig#DEFAULT_FEW_SHOT_LABEL_LINES},
 *       lines under one label; exemplars sent as chat turns; or an answer slot, the parseable
 *       final-answer form that zero-shot harnesses such as simple-evals and Inspect name, since an
 *       evaluation scores answers and a harvest wants the teacher's own solution); and, while the
 *       walk is one run, at most {@code oneRunCap}
 *       ({@value BenchmarkHarvestingConfig#DEFAULT_ONE_RUN_CAP}, under what support can lift to
 *       {@code medium}). An evaluation runs its suite at one time: every item once, or again for
 *       another model or seed, one benchmark after another, and it is done within an hour or two.
 *       Harvesting, as the report describes it, keeps collecting over days and across sets. So the
 *       walk is more than one run once the client has asked new items in {@code sustainedHours}
 *       ({@value BenchmarkHarvestingConfig#DEFAULT_SUSTAINED_HOURS}) clock hours, or once its
 *       consecutive matched prompts change set on {@code interleavedSetShare}
 *       ({@value BenchmarkHarvestingConfig#DEFAULT_INTERLEAVED_SET_SHARE}) of steps over several
 *       sets (pooled sources drawn item by item, not one benchmark after another);
 *   <li>follow-ups: from 1 down to {@code followUpFactor}
 *       ({@value BenchmarkHarvestingConfig#DEFAULT_FOLLOW_UP_FACTOR}) as the share of all the
 *       client's prompts that continue a conversation reaches {@code fullFollowUpShare}
 *       ({@value BenchmarkHarvestingConfig#DEFAULT_FULL_FOLLOW_UP_SHARE}): students asking about a
 *       step, not single-turn pairs.
 * </ol>
 *
 * <p>Instruction walk: instruction sets are training data nobody evaluates on, so a client whose
 * prompts are mostly their items over several hours has harvested the set, however few items it
 * took; the item floors exist for benchmarks, which students, tutoring apps and evaluations ask
 * too. The client walks an instruction set once it has {@code minSourceItems} distinct items of
 * one and either {@code instructionWalkCoverage}
 * ({@value BenchmarkHarvestingConfig#DEFAULT_INSTRUCTION_WALK_COVERAGE}) of the set or
 * {@code mediumItems} of its items (a large set of everyday tasks, such as Code Alpaca's
 * programming requests, overlaps a developer's own questions by chance: a few dozen of its items
 * are no walk), new items in {@code sustainedHours} clock hours (not one sitting), and the one-sided
 * binomial test of its prompts of public-set items {@code k} among its {@code n} prompts against the
 * null share {@code minShare}, {@code P(Binomial(n, minShare) >= k)}, is at most
 * {@code instructionWalkAlpha} ({@value BenchmarkHarvestingConfig#DEFAULT_INSTRUCTION_WALK_ALPHA}):
 * its prompts are mostly such items. {@code k} counts each item at most {@code fullRepeatRatio}
 * times (an app re-asking a few fixed tasks that happen to be instruction items re-runs them, it
 * does not walk a set), and counts benchmark-kind matches too (an item in both an instruction set
 * and a benchmark takes the benchmark kind). Then the score is at least share times worked answers times
 * the instruction share of the items times follow-ups, without the item floors or the re-run
 * discount on the instruction part (a re-ask, reworded or at another temperature, is another
 * sample of a training pair). This is the paraphrasing, human-paced harvester of the
 * adaptive-attacker evaluations (Blacklight, Li et al. 2022) and of the report's "varied prompts".
 *
 * <p>Only this score is discounted: logit probing, reasoning extraction and coordinated accounts
 * are other groups, which fusion combines by noisy-OR whatever this one says. The number of end
 * users behind a key is not in the event contract, so a tutoring app is told by its share and
 * its follow-ups only.
 *
 * <p>Blind spots: a harvester sampling several answers per item in interleaved order, or
 * rotating the same item over several models, looks like repeated evaluation runs; one walking a
 * single benchmark stays below 0.5 on its own; one dressing its walk in few-shot harness
 * formatting, an answer slot or invented follow-up turns is discounted like an evaluation or a
 * tutoring app; one that takes its whole harvest in one burst of a few hours, one benchmark
 * after another, looks like one evaluation run and stays on the watch list on provenance; an
 * evaluation team that runs new benchmarks hour after hour through the day, zero-shot with long
 * answers and no answer slot, looks like a sustained walk. An instruction walk hidden among at least as many prompts of
 * the client's own, or taken in one sitting, stays below {@code medium}.
 *
 * <p>Stateless and thread-safe (the lookup is shared and thread-safe).
 */
public final class BenchmarkHarvestingDetector extends AbstractDetector<BenchmarkHarvestingState> {
    public static final String NAME = "benchmark_harvesting";
    private static final long HOUR_MILLIS = 3_600_000L;
    private final BenchmarkHarvestingConfig config;
    private final ReferenceLookup reference;

    public BenchmarkHarvestingDetector(BenchmarkHarvestingConfig config, ReferenceLookup reference) {
        super(NAME, EvidenceGroup.PROVENANCE, BenchmarkHarvestingState::new, BenchmarkHarvestingState::read);
        if (config.watchItems() < 1 || config.fullItems() < config.watchItems() || config.maxSources() < 1
                || config.minSourceItems() < 1 || config.multiSetSources() < 1 || config.fullRepeatRatio() <= 1
                || !(config.singleSetFactor() >= 0 && config.singleSetFactor() <= 1)
                || !(config.repeatFactor() >= 0 && config.repeatFactor() <= 1)
                || config.mediumItems() < config.watchItems() || config.fewShotLabelLines() < 2
                || !(config.belowFloorCap() >= 0 && config.belowFloorCap() <= 1)
                || !(config.harnessFactor() >= 0 && config.harnessFactor() <= 1)
                || !(config.followUpFactor() >= 0 && config.followUpFactor() <= 1)
                || !(config.fullFollowUpShare() > 0 && config.fullFollowUpShare() <= 1)
                || !(config.fullHarnessShare() > 0 && config.fullHarnessShare() <= 1)) {
            throw new IllegalArgumentException("detection.benchmarkHarvesting: need 1 <= watchItems <= fullItems, "
                    + "watchItems <= mediumItems, maxSources, minSourceItems and multiSetSources >= 1, "
                    + "fullRepeatRatio > 1, fewShotLabelLines >= 2, singleSetFactor, repeatFactor, belowFloorCap, "
                    + "harnessFactor and followUpFactor in [0, 1], fullFollowUpShare and fullHarnessShare in (0, 1]");
        }
        this.config = config;
        this.reference = reference;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, BenchmarkHarvestingState s) {
        if (reference.size() == 0) {
            return Optional.empty();
        }
        s.prompts++;
        if (HarnessFormat.continues(event.request())) {
            s.continued++;
        }
        // A request that grades candidate answers harvests a judgement, not the item's solution:
        // an evaluation team judging MT-bench answers quotes MT-bench. reward_harvesting sees it.
        if (JudgeRequest.of(event, features) != null) {
            return finding(s);
        }
        Optional<ReferenceMatch> match = ReferencePrompts.find(reference, event, features);
        if (match.isEmpty()) {
            return finding(s);
        }
        ReferenceMatch m = match.get();
        if (!m.kind().harvested()) {
            s.conversation++; // a question real users type: an ordinary prompt
            return finding(s);
        }
        s.matched++;
        Integer maxTokens = event.request().maxTokens();
        Integer completion = event.response().completionTokens();
        boolean evaluation = maxTokens != null && maxTokens <= config.evaluationMaxTokens();
        boolean harvest = !evaluation && (maxTokens != null ? maxTokens >= config.harvestMaxTokens()
                : completion != null && completion >= config.harvestCompletionTokens());
        if (evaluation) {
            s.evaluationLike++;
        } else if (harvest) {
            s.harvestLike++;
        }
        if (m.kind() == ReferenceKind.BENCHMARK) {
            s.answerSlots += HarnessFormat.answerSlot(event.request(), features) ? 1 : 0;
            s.fewShot += harnessForm(event, features) ? 1 : 0;
        }
        BenchmarkHarvestingState.Walk walk = s.sources.get(m.source());
        if (walk == null) {
            if (s.sources.size() >= config.maxSources()) {
                String least = null;
                for (Map.Entry<String, BenchmarkHarvestingState.Walk> e : s.sources.entrySet()) {
                    if (least == null || e.getValue().items.getCardinality() < s.sources.get(least).items.getCardinality()) {
                        least = e.getKey();
                    }
                }
                s.sources.remove(least);
            }
            walk = new BenchmarkHarvestingState.Walk(m.kind(), new RoaringBitmap());
            s.sources.put(m.source(), walk);
        }
        if (walk.items.checkedAdd(m.id())) {
            long hour = Math.floorDiv(event.tsMillis(), HOUR_MILLIS);
            if (hour != s.lastNewItemHour) {
                s.newItemHours++;
                s.lastNewItemHour = hour;
            }
        }
        if (!s.lastSource.isEmpty() && !m.source().equals(s.lastSource)) {
            s.setChanges++;
        }
        walk.prompts++;
        // The same item again right away is another sample of its answer (best-of-n, a set
        // sampled for diversity); the same item again later is a re-run or a person re-asking.
        // The same item sent to another model at once is a comparison (an evaluation with several
        // runs in flight), which counts as a re-run; only the same model again is another sample.
        int model = event.model().hashCode();
        if (m.id() == s.lastId && m.source().equals(s.lastSource) && model == s.lastModel) {
            s.samples++;
        }
        s.lastSource = m.source();
        s.lastId = m.id();
        s.lastModel = model;
        return finding(s);
    }

    /**
     * The item a prompt harvests a worked answer to, for the dataset-split side, in the set a walk
     * of it is counted in ({@link ReferencePrompts#walked}): a benchmark or instruction item (not
     * a judging request) asked for a worked answer by the same rule as
     * {@code worked_answer_ratio}. An evaluation harness asking for an answer letter scores the
     * model, it does not collect solutions; and evaluation users legitimately pick disjoint parts
     * of a benchmark (one subject each), so letter-only runs never count as a split, nor do
     * prompts in an evaluation harness's form (few-shot form, exemplars as chat turns, an answer
     * slot: {@link HarnessFormat}), which independent teams running chain-of-thought evaluations
     * of different subjects send.
     */
    public Optional<ReferencePrompts.WalkedItem> harvestedItem(InferenceEvent event, PromptFeatures features) {
        if (harnessForm(event, features)) {
            return Optional.empty();
        }
        Integer maxTokens = event.request().maxTokens();
        Integer completion = event.response().completionTokens();
        boolean evaluation = maxTokens != null && maxTokens <= config.evaluationMaxTokens();
        boolean harvest = !evaluation && (maxTokens != null ? maxTokens >= config.harvestMaxTokens()
                : completion != null && completion >= config.harvestCompletionTokens());
        return harvest ? ReferencePrompts.walked(reference, event, features) : Optional.empty();
    }

    /**
     * As {@link #harvestedItem(InferenceEvent, PromptFeatures)}, for a client whose state this
     * detector has kept: nothing while its prompts continue conversations on
     * {@code fullFollowUpShare} or more of them, the share at which its own score takes the whole
     * follow-up discount. Students asking about a step of the items they paste are a tutoring
     * app's users, not a split's member, which sends each item once, single-turn.
     */
    public Optional<ReferencePrompts.WalkedItem> harvestedItem(InferenceEvent event, PromptFeatures features,
            BenchmarkHarvestingState state) {
        if (state.prompts > 0 && (double) state.continued / state.prompts >= config.fullFollowUpShare()) {
            return Optional.empty();
        }
        return harvestedItem(event, features);
    }

    /** An evaluation harness's request form: an answer slot, few-shot form or exemplars as chat turns. */
    private boolean harnessForm(InferenceEvent event, PromptFeatures features) {
        return HarnessFormat.answerSlot(event.request(), features) || HarnessFormat.continues(event.request())
                || HarnessFormat.fewShot(event.request(), config.fewShotLabelLines());
    }

    /** Items in the reference set {@code source}; 0 when unknown. */
    public int setSize(String source) {
        return reference.sourceSizes().getOrDefault(source, 0);
    }

    private Optional<DetectorFinding> finding(BenchmarkHarvestingState s) {
        long distinct = 0;
        long instruction = 0;
        long instructionPrompts = 0;
        long training = 0;
        long trainingPrompts = 0;
        long prompts = 0;
        int walked = 0;
        boolean instructionWalked = false;
        String top = null;
        long topItems = 0;
        for (Map.Entry<String, BenchmarkHarvestingState.Walk> e : s.sources.entrySet()) {
            long n = e.getValue().items.getLongCardinality();
            distinct += n;
            prompts += e.getValue().prompts;
            boolean instructionSet = e.getValue().kind == ReferenceKind.INSTRUCTION;
            instruction += instructionSet ? n : 0;
            instructionPrompts += instructionSet ? e.getValue().prompts : 0;
            boolean trainingSplit = !instructionSet && ReferenceCorpusReader.isTrainingSplit(e.getKey());
            training += trainingSplit ? n : 0;
            trainingPrompts += trainingSplit ? e.getValue().prompts : 0;
            walked += n >= config.minSourceItems() ? 1 : 0;
            instructionWalked |= instructionSet && n >= config.minSourceItems() && (n >= config.mediumItems()
                    || n >= config.instructionWalkCoverage() * setSize(e.getKey()));
            if (n > topItems) {
                top = e.getKey();
                topItems = n;
            }
        }
        double share = s.prompts == 0 ? 0 : (double) s.matched / s.prompts;
        boolean sustained = s.newItemHours >= config.sustainedHours();
        // Prompts of public-set items, each item counted at most fullRepeatRatio times: re-asking a
        // few items over and over is a re-run, not a walk. Benchmark-kind matches count too: an item
        // in an instruction set and a benchmark takes the benchmark kind.
        long walkPrompts = Math.min(s.matched, (long) Math.floor(config.fullRepeatRatio() * distinct));
        double instructionLog10P = instructionLog10P(s, walkPrompts, instructionWalked, sustained);
        boolean instructionWalk = instructionLog10P <= Math.log10(config.instructionWalkAlpha());
        if (!instructionWalk && (distinct < config.watchItems() || share < config.minShare())) {
            return Optional.of(zero());
        }
        int topSize = reference.sourceSizes().getOrDefault(top, 0);
        double coverage = topSize == 0 ? 0 : (double) topItems / topSize;
        double ramp = Math.min(1.0, (double) (distinct - config.watchItems())
                / Math.max(1, config.fullItems() - config.watchItems()));
        // A quarter of a small set (MT-bench's 80, Orca's 15) is a handful of items: coverage
        // counts as a whole walk only once the set's own items pass the floor.
        boolean covered = coverage >= config.fullCoverage() && topItems >= config.mediumItems();
        double volume = Math.max(0.3 + 0.7 * ramp, covered ? 1.0 : 0.0);
        double harvestRatio = (double) s.harvestLike / s.matched;
        double repeatRatio = (double) prompts / distinct;
        double rerunRatio = (double) (prompts - Math.min(s.samples, prompts - distinct)) / distinct;
        double repeats = Math.min(1.0, (rerunRatio - 1) / (config.fullRepeatRatio() - 1));
        double rerun = 1 - (1 - config.repeatFactor()) * repeats;
        long benchmarkPrompts = Math.max(1, prompts - instructionPrompts - trainingPrompts);
        double fewShotShare = Math.min(1.0, (double) s.fewShot / benchmarkPrompts);
        double harness = 1 - (1 - config.harnessFactor()) * Math.min(1.0, fewShotShare / config.fullHarnessShare());
        double benchmarkWalk = (walked >= config.multiSetSources() ? 1.0 : config.singleSetFactor()) * rerun * harness;
        // One evaluation run asks its items at one time, one benchmark after another; a harvest
        // keeps finding new items hour after hour, or draws them from pooled sets item by item.
        double setChangeShare = s.matched <= 1 ? 0 : (double) s.setChanges / (s.matched - 1);
        boolean interleaved = walked >= config.multiSetSources() && setChangeShare >= config.interleavedSetShare();
        boolean oneRun = !sustained && !interleaved;
        if (oneRun) {
            benchmarkWalk = Math.min(benchmarkWalk, config.oneRunCap());
        }
        double instructionShare = (double) instruction / distinct;
        // A benchmark's training split is not what evaluations run: its items take the re-run
        // discount, not an evaluation's one-benchmark and harness discounts; a bounded run over it
        // (a prompt optimiser's, as OPRO and DSPy run training questions) keeps the one-run cap.
        double trainingShare = (double) training / distinct;
        double trainingWalk = oneRun ? Math.min(rerun, config.oneRunCap()) : rerun;
        // Asking the same instruction again adds no pair to a training set: a person trying prompts does.
        double walk = instructionShare * rerun + trainingShare * trainingWalk
                + (1 - instructionShare - trainingShare) * benchmarkWalk;
        double continuedShare = (double) s.continued / s.prompts;
        double followUps = 1 - (1 - config.followUpFactor()) * Math.min(1.0, continuedShare / config.fullFollowUpShare());
        double shareFactor = Math.min(1.0, share / config.fullShare());
        double score = volume * shareFactor * harvestRatio * walk * followUps;
        boolean belowFloor = distinct < config.mediumItems();
        if (belowFloor) {
            score = Math.min(score, config.belowFloorCap());
        }
        if (instructionWalk) {
            // Mostly training instructions, a set walked, for hours: the walk is the evidence, so
            // neither the item floors nor the re-run discount (nobody evaluates on these items; a
            // re-ask is another sample of a training pair) hold the instruction part back.
            score = Math.max(score, shareFactor * harvestRatio * instructionShare * followUps);
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("distinct_items", distinct);
        Map<String, Long> kinds = new LinkedHashMap<>();
        kinds.put(ReferenceKind.BENCHMARK.label(), distinct - instruction);
        kinds.put(ReferenceKind.INSTRUCTION.label(), instruction);
        evidence.put("kinds", kinds);
        evidence.put("training_split_items", training);
        evidence.put("matched_share", round(share));
        evidence.put("prompts", s.prompts);
        evidence.put("conversation_prompts", s.conversation);
        evidence.put("top_dataset", top);
        evidence.put("top_dataset_items", topItems);
        evidence.put("top_dataset_coverage", round(coverage));
        evidence.put("sources_walked", walked);
        evidence.put("repeat_ratio", round(repeatRatio));
        evidence.put("rerun_ratio", round(rerunRatio));
        evidence.put("few_shot_share", round(fewShotShare));
        evidence.put("answer_slot_share", round(Math.min(1.0, (double) s.answerSlots / benchmarkPrompts)));
        evidence.put("walk_factor", round(walk));
        evidence.put("continued_share", round(continuedShare));
        evidence.put("new_item_hours", s.newItemHours);
        evidence.put("set_change_share", round(setChangeShare));
        evidence.put("one_run", oneRun);
        evidence.put("instruction_walk", instructionWalk);
        evidence.put("instruction_walk_log10_p", round(Math.max(-99.0, instructionLog10P)));
        evidence.put("below_item_floor", belowFloor);
        evidence.put("worked_answer_ratio", round(harvestRatio));
        evidence.put("answer_letter_ratio", round((double) s.evaluationLike / s.matched));
        evidence.put("latest_dataset", s.lastSource);
        return Optional.of(finding(score, evidence));
    }

    /**
     * {@code log10} of the one-sided binomial test that more than {@code minShare} of the client's
     * prompts are public-set items ({@code P(Binomial(prompts, minShare) >= walkPrompts)}, each item
     * counted at most {@code fullRepeatRatio} times);
     * 0 (no evidence) unless an instruction set is walked and the walk is sustained, the
     * preconditions of an instruction walk, so the test runs only for such clients.
     */
    private double instructionLog10P(BenchmarkHarvestingState s, long walkPrompts, boolean instructionWalked, boolean sustained) {
        if (!instructionWalked || !sustained || walkPrompts <= s.prompts * config.minShare()) {
            return 0.0;
        }
        return Binomial.log10UpperTail(s.prompts, walkPrompts, config.minShare());
    }

    @Override
    public String headline(DetectorFinding f) {
        Object share = f.evidence().get("matched_share");
        long pct = share instanceof Number n ? Math.round(n.doubleValue() * 100) : 0;
        return "benchmark harvesting: " + f.evidence().get("distinct_items") + " public benchmark/instruction items ("
                + pct + "% of prompts, " + f.evidence().get("sources_walked") + " sets walked, mostly "
                + f.evidence().get("top_dataset") + ") asked with worked answers";
    }
}
