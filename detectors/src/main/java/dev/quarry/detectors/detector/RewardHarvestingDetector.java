package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.RewardHarvestingConfig;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceRequest;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sees a client harvesting reward and preference signals: asking the model, at volume and over
 * broad, ever new tasks, to grade a candidate response on a scale, to say which of two candidates
 * is better, or to rank several.
 *
 * <p>Anthropic's 2026 distillation report lists reward-model signals among what the campaigns
 * harvested. AI feedback is a known substitute for human preference labels: Constitutional AI
 * (Bai et al. 2022) and RLAIF (Lee et al. 2023) train reward models on a strong model's pairwise
 * preferences, and UltraFeedback (Cui et al. 2023) collected 1-5 ratings of four completions for
 * 64k instructions. The legitimate counterpart is LLM-as-a-judge evaluation (MT-bench, Zheng et
 * al. 2023): the same prompts, but a fixed set of questions (80 for MT-bench), judged in bursts,
 * run after run. {@link JudgeRequest} recognises a judging request structurally (embedded
 * candidates plus a grading, comparison or ranking instruction) and names its judged task.
 *
 * <p>Per client the detector keeps an adaptive distinct sample of judged tasks
 * ({@link DistinctSample}, 256 entries) with each task's first time, which gives the distinct
 * tasks and the <em>returns</em>: judgements of a task at least {@code returnAfter} (two hours by
 * default) after its first, i.e. another run over a fixed set. The score, once
 * {@code minJudgedRequests} ({@value RewardHarvestingConfig#DEFAULT_MIN_JUDGED_REQUESTS}) requests
 * are judged, is the product of
 * <ul>
 *   <li>volume: distinct tasks on a log scale from {@code watchTasks}
 *       ({@value RewardHarvestingConfig#DEFAULT_WATCH_TASKS}, above MT-bench) to {@code fullTasks}
 *       ({@value RewardHarvestingConfig#DEFAULT_FULL_TASKS}, several times the largest judge
 *       benchmarks);</li>
 *   <li>share: judging requests over {@code fullShare}
 *       ({@value RewardHarvestingConfig#DEFAULT_FULL_SHARE}) of the client's requests;</li>
 *   <li>novelty: 1 while under {@code minReturnShare}
 *       ({@value RewardHarvestingConfig#DEFAULT_MIN_RETURN_SHARE}) of judged requests are returns,
 *       0 from {@code fullReturnShare} ({@value RewardHarvestingConfig#DEFAULT_FULL_RETURN_SHARE});
 *       a set larger than any benchmark (beyond {@code fullTasks}, fully at twice that) is novel
 *       whatever its returns;</li>
 *   <li>spread: 0.5 + 0.5 x the larger of two signs that the tasks are not one evaluation run.
 *       <em>Sustained</em>: clock hours with at least {@code novelHourTasks}
 *       ({@value RewardHarvestingConfig#DEFAULT_NOVEL_HOUR_TASKS}) new tasks, ramped from 1 to
 *       {@code fullNovelHours} ({@value RewardHarvestingConfig#DEFAULT_FULL_NOVEL_HOURS}): an
 *       evaluation run is a burst of an hour or two. <em>Interleaved sources</em>: judged tasks
 *       that repeat items of public reference sets (the same index as {@code benchmark_harvesting})
 *       come from at least two sets with {@code minSetTasks}
 *       ({@value RewardHarvestingConfig#DEFAULT_MIN_SET_TASKS}) tasks each, and consecutive matched
 *       tasks change set on a share ramped from {@code minSwitchShare}
 *       ({@value RewardHarvestingConfig#DEFAULT_MIN_SWITCH_SHARE}) to {@code fullSwitchShare}
 *       ({@value RewardHarvestingConfig#DEFAULT_FULL_SWITCH_SHARE}): the pooled instruction mix of
 *       UltraFeedback, where an evaluation harness runs one benchmark after another.</li>
 * </ul>
 * Both signs together (sustained over hours <em>and</em> interleaved sources) describe a
 * harvesting campaign rather than any evaluation run: no benchmark run is both spread over a day
 * and a pool of several public sets. Then, once the distinct tasks pass {@code watchTasks} (the
 * floor that keeps MT-bench-sized sets at 0), the volume part is at least 0.5 + 0.5 x the volume
 * ramp, times both signs: the evidence is the signs, not the count, so a harvester throttled to
 * a hundred-odd tasks a day reaches 0.5 once both signs are full. Without both signs the count
 * must carry the score as before.
 * An MT-bench evaluation stays at 0 (80 tasks); a single burst over an 805-item set scores about
 * 0.3; a second run adds returns and takes it to 0. A harvester judging 1,000 new tasks over a
 * working day scores about 0.6. Blind spots: a product that judges its own live chatbot answers
 * (online evaluation) is broad and sustained too; an attacker who re-judges the same prompts on
 * later days (several principles, as Constitutional AI does) looks like runs until its task set
 * outgrows a benchmark; a harvester whose tasks are its own (unpublished) pool has no
 * interleaved sources and stays on the watch list below a few hundred tasks a day, as does one
 * active only an hour or two; a team running a pooled mix of public sets slowly over several
 * hours, once, looks like a campaign. Embeddings calls are skipped.
 *
 * <p>State per client: counters, the current hour's figures, the matched sets' counts (at most
 * {@value #MAX_SOURCES} sets), the latest instruction (at most 240 characters) and the sample (at
 * most 2 KiB). Stateless and thread-safe.
 */
public final class RewardHarvestingDetector extends AbstractDetector<RewardHarvestingDetector.State> {
    public static final String NAME = "reward_harvesting";
    static final int TASK_SAMPLE = 256;
    static final int MAX_SOURCES = 16;
    private static final byte FORMAT = 2;
    private static final long HOUR_MINUTES = 60;
    private final RewardHarvestingConfig config;
    private final ReferenceLookup reference;
    private final long returnMinutes;

    /** Without public reference sets: the interleaved-sources sign never counts. */
    public RewardHarvestingDetector(RewardHarvestingConfig config) {
        this(config, ReferenceLookup.none());
    }

    public RewardHarvestingDetector(RewardHarvestingConfig config, ReferenceLookup reference) {
        super(NAME, EvidenceGroup.REWARD_HARVESTING, State::new, State::read);
        if (config.minJudgedRequests() < 1 || config.watchTasks() < 1 || config.fullTasks() <= config.watchTasks()
                || config.fullShare() <= 0 || config.fullReturnShare() <= config.minReturnShare()
                || config.minReturnShare() < 0 || config.novelHourTasks() < 1 || config.fullNovelHours() < 2
                || config.minSetTasks() < 1 || config.minSwitchShare() < 0
                || config.fullSwitchShare() <= config.minSwitchShare()
                || config.returnAfter().isNegative()) {
            throw new IllegalArgumentException("detection.rewardHarvesting: need minJudgedRequests >= 1, "
                    + "1 <= watchTasks < fullTasks, fullShare > 0, 0 <= minReturnShare < fullReturnShare, "
                    + "novelHourTasks >= 1, fullNovelHours >= 2, minSetTasks >= 1, "
                    + "0 <= minSwitchShare < fullSwitchShare and returnAfter >= 0");
        }
        this.config = config;
        this.reference = reference;
        this.returnMinutes = config.returnAfter().toMinutes();
    }

    @Override
    public int stateFormat() {
        return FORMAT;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        if (event.endpoint() == Endpoint.EMBEDDINGS) {
            return Optional.empty();
        }
        s.requests++;
        InferenceRequest r = event.request();
        JudgeRequest.Parsed judge = JudgeRequest.of(event, features);
        if (judge == null) {
            return s.judged == 0 ? Optional.empty() : finding(s);
        }
        s.judged++;
        s.grade += (judge.formats() & JudgeRequest.GRADE) != 0 ? 1 : 0;
        s.pairwise += (judge.formats() & JudgeRequest.PAIRWISE) != 0 ? 1 : 0;
        s.rank += (judge.formats() & JudgeRequest.RANK) != 0 ? 1 : 0;
        s.mostCandidates = Math.max(s.mostCandidates, judge.candidates());
        s.instruction = judge.instruction();
        int minute = (int) Math.floorDiv(event.tsMillis(), 60_000L);
        long seen = s.tasks.offer((int) (judge.taskHash() >>> 32), minute);
        if (seen != DistinctSample.UNSAMPLED) {
            s.sampledJudged++;
        }
        if (seen == DistinctSample.NEW) {
            int hour = (int) Math.floorDiv(minute, HOUR_MINUTES);
            if (hour != s.hour) {
                s.hour = hour;
                s.hourNew = 0;
            }
            s.hourNew++;
            if (s.hourNew * s.tasks.weight() >= config.novelHourTasks() && s.lastNovelHour != hour) {
                s.lastNovelHour = hour;
                s.novelHours++;
            }
        } else if (seen != DistinctSample.UNSAMPLED && minute - seen >= returnMinutes) {
            s.sampledReturns++;
        }
        int task = (int) (judge.taskHash() >>> 32);
        if (task != s.lastMatchedTask) {
            reference.find(judge.beforeCandidates()).ifPresent(m -> s.matched(task, m.source()));
        }
        return finding(s);
    }

    private Optional<DetectorFinding> finding(State s) {
        if (s.judged < config.minJudgedRequests()) {
            return Optional.of(zero());
        }
        long tasks = s.tasks.estimate();
        double volume = Ramps.logRamp(tasks, config.watchTasks(), config.fullTasks());
        double share = (double) s.judged / s.requests;
        double returns = s.sampledJudged == 0 ? 0 : (double) s.sampledReturns / s.sampledJudged;
        double novelty = Math.max(1 - Ramps.ramp(returns, config.minReturnShare(), config.fullReturnShare()),
                Ramps.ramp(tasks, config.fullTasks(), 2.0 * config.fullTasks()));
        double sustained = Ramps.ramp(s.novelHours, 1, config.fullNovelHours());
        int sets = s.setsWithAtLeast(config.minSetTasks());
        double switchShare = s.matchedTasks < 2 ? 0 : (double) s.switches / (s.matchedTasks - 1);
        double interleaved = sets >= 2 ? Ramps.ramp(switchShare, config.minSwitchShare(), config.fullSwitchShare()) : 0;
        double spread = Math.max(sustained, interleaved);
        // Both signs together are a campaign, not a run: past the benchmark-sized floor the signs
        // carry the score, and volume only adds to it.
        double campaign = tasks >= config.watchTasks() ? sustained * interleaved * (0.5 + 0.5 * volume) : 0;
        double score = Math.min(1.0, share / config.fullShare()) * novelty
                * Math.max(volume * (0.5 + 0.5 * spread), campaign);
        Map<String, Object> formats = new LinkedHashMap<>();
        formats.put("grade", s.grade);
        formats.put("pairwise", s.pairwise);
        formats.put("rank", s.rank);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("judged_requests", s.judged);
        evidence.put("requests", s.requests);
        evidence.put("judged_share", round(share));
        evidence.put("distinct_judged_tasks", tasks);
        evidence.put("return_share", round(returns));
        evidence.put("hours_with_new_tasks", s.novelHours);
        evidence.put("matched_public_tasks", s.matchedTasks);
        evidence.put("public_sets", sets);
        evidence.put("set_switch_share", round(switchShare));
        evidence.put("formats", formats);
        evidence.put("most_candidates", s.mostCandidates);
        evidence.put("latest_instruction", s.instruction);
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        return "reward-signal harvesting: " + f.evidence().get("judged_requests") + " judging requests over "
                + f.evidence().get("distinct_judged_tasks") + " distinct tasks, return share "
                + f.evidence().get("return_share") + ", " + f.evidence().get("hours_with_new_tasks") + " hours of new tasks, "
                + f.evidence().get("public_sets") + " public sets interleaved at " + f.evidence().get("set_switch_share");
    }

    /** Per-client state: counters, the sample of judged tasks, the current day's new tasks, the latest instruction. */
    public static final class State implements DetectorState {
        long requests;
        long judged;
        long grade;
        long pairwise;
        long rank;
        int mostCandidates;
        long sampledJudged;
        long sampledReturns;
        int hour = Integer.MIN_VALUE;
        int hourNew;
        int lastNovelHour = Integer.MIN_VALUE;
        int novelHours;
        /** Judged tasks found in a public set (consecutive judgements of one task count once), and set changes between them. */
        long matchedTasks;
        long switches;
        int lastMatchedTask;
        String lastSource = "";
        /** Matched tasks per public set, at most {@value #MAX_SOURCES} sets (later sets are counted as changes only). */
        final Map<String, Long> sources = new LinkedHashMap<>();
        String instruction = "";
        DistinctSample tasks = new DistinctSample(TASK_SAMPLE);

        void matched(int task, String source) {
            if (matchedTasks > 0 && !source.equals(lastSource)) {
                switches++;
            }
            matchedTasks++;
            lastMatchedTask = task;
            lastSource = source;
            if (sources.containsKey(source) || sources.size() < MAX_SOURCES) {
                sources.merge(source, 1L, Long::sum);
            }
        }

        int setsWithAtLeast(int tasks) {
            int n = 0;
            for (long c : sources.values()) {
                n += c >= tasks ? 1 : 0;
            }
            return n;
        }

        /** Judging requests seen. */
        public long judgedRequests() {
            return judged;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeByte(FORMAT);
            out.writeLong(requests);
            out.writeLong(judged);
            if (judged == 0) {
                return; // most clients never judge: nine bytes
            }
            out.writeLong(grade);
            out.writeLong(pairwise);
            out.writeLong(rank);
            out.writeShort(mostCandidates);
            out.writeLong(sampledJudged);
            out.writeLong(sampledReturns);
            out.writeInt(hour);
            out.writeInt(hourNew);
            out.writeInt(lastNovelHour);
            out.writeInt(novelHours);
            out.writeLong(matchedTasks);
            out.writeLong(switches);
            out.writeInt(lastMatchedTask);
            out.writeUTF(lastSource);
            out.writeByte(sources.size());
            for (Map.Entry<String, Long> e : sources.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeUTF(instruction);
            tasks.writeTo(out);
        }

        static State read(DataInput in) throws IOException {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("unknown reward_harvesting state format " + format);
            }
            State s = new State();
            s.requests = in.readLong();
            s.judged = in.readLong();
            if (s.judged == 0) {
                return s;
            }
            s.grade = in.readLong();
            s.pairwise = in.readLong();
            s.rank = in.readLong();
            s.mostCandidates = in.readUnsignedShort();
            s.sampledJudged = in.readLong();
            s.sampledReturns = in.readLong();
            s.hour = in.readInt();
            s.hourNew = in.readInt();
            s.lastNovelHour = in.readInt();
            s.novelHours = in.readInt();
            s.matchedTasks = in.readLong();
            s.switches = in.readLong();
            s.lastMatchedTask = in.readInt();
            s.lastSource = in.readUTF();
            for (int i = 0, n = in.readUnsignedByte(); i < n; i++) {
                s.sources.put(in.readUTF(), in.readLong());
            }
            s.instruction = in.readUTF();
            s.tasks = DistinctSample.read(in, TASK_SAMPLE);
            return s;
        }
    }
}
