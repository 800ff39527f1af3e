package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.RewardHarvestingConfig;
import dev.quarry.fingerprint.PromptFeatures;
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
 *   <li>sustained: 0.5 + 0.5 x days with at least {@code novelDayTasks}
 *       ({@value RewardHarvestingConfig#DEFAULT_NOVEL_DAY_TASKS}) new tasks, ramped from 1 to
 *       {@code fullNovelDays} ({@value RewardHarvestingConfig#DEFAULT_FULL_NOVEL_DAYS}): a one-day
 *       burst counts half.</li>
 * </ul>
 * An MT-bench evaluation stays at 0 (80 tasks); a single run over an 805-item set scores about
 * 0.27; a second run adds returns and takes it to 0. A harvester judging 1,500 new tasks over a
 * week scores about 0.7. Blind spots: a product that judges its own live chatbot answers
 * (online evaluation) is broad and sustained too; an attacker who re-judges the same prompts on
 * later days (several principles, as Constitutional AI does) looks like runs until its task set
 * outgrows a benchmark. Embeddings calls are skipped.
 *
 * <p>State per client: counters, the day's figures, the latest instruction (at most 240
 * characters) and the sample (at most 2 KiB). Stateless and thread-safe.
 */
public final class RewardHarvestingDetector extends AbstractDetector<RewardHarvestingDetector.State> {
    public static final String NAME = "reward_harvesting";
    static final int TASK_SAMPLE = 256;
    private static final byte FORMAT = 1;
    private static final long DAY_MINUTES = 24 * 60;
    private final RewardHarvestingConfig config;
    private final long returnMinutes;

    public RewardHarvestingDetector(RewardHarvestingConfig config) {
        super(NAME, EvidenceGroup.REWARD_HARVESTING, State::new, State::read);
        if (config.minJudgedRequests < 1 || config.watchTasks < 1 || config.fullTasks <= config.watchTasks
                || config.fullShare <= 0 || config.fullReturnShare <= config.minReturnShare
                || config.minReturnShare < 0 || config.novelDayTasks < 1 || config.fullNovelDays < 2
                || config.returnAfter.isNegative()) {
            throw new IllegalArgumentException("detection.rewardHarvesting: need minJudgedRequests >= 1, "
                    + "1 <= watchTasks < fullTasks, fullShare > 0, 0 <= minReturnShare < fullReturnShare, "
                    + "novelDayTasks >= 1, fullNovelDays >= 2 and returnAfter >= 0");
        }
        this.config = config;
        this.returnMinutes = config.returnAfter.toMinutes();
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
            int day = (int) Math.floorDiv(minute, DAY_MINUTES);
            if (day != s.day) {
                s.day = day;
                s.dayNew = 0;
            }
            s.dayNew++;
            if (s.dayNew * s.tasks.weight() >= config.novelDayTasks && !s.dayCounted(day)) {
                s.lastNovelDay = day;
                s.novelDays++;
            }
        } else if (seen != DistinctSample.UNSAMPLED && minute - seen >= returnMinutes) {
            s.sampledReturns++;
        }
        return finding(s);
    }

    private Optional<DetectorFinding> finding(State s) {
        if (s.judged < config.minJudgedRequests) {
            return Optional.of(zero());
        }
        long tasks = s.tasks.estimate();
        double volume = Ramps.logRamp(tasks, config.watchTasks, config.fullTasks);
        double share = (double) s.judged / s.requests;
        double returns = s.sampledJudged == 0 ? 0 : (double) s.sampledReturns / s.sampledJudged;
        double novelty = Math.max(1 - Ramps.ramp(returns, config.minReturnShare, config.fullReturnShare),
                Ramps.ramp(tasks, config.fullTasks, 2.0 * config.fullTasks));
        double sustained = Ramps.ramp(s.novelDays, 1, config.fullNovelDays);
        double score = volume * Math.min(1.0, share / config.fullShare) * novelty * (0.5 + 0.5 * sustained);
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
        evidence.put("days_with_new_tasks", s.novelDays);
        evidence.put("formats", formats);
        evidence.put("most_candidates", s.mostCandidates);
        evidence.put("latest_instruction", s.instruction);
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        return "reward-signal harvesting: " + f.evidence().get("judged_requests") + " judging requests over "
                + f.evidence().get("distinct_judged_tasks") + " distinct tasks, return share "
                + f.evidence().get("return_share") + ", " + f.evidence().get("days_with_new_tasks") + " days of new tasks";
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
        int day = Integer.MIN_VALUE;
        int dayNew;
        int lastNovelDay = Integer.MIN_VALUE;
        int novelDays;
        String instruction = "";
        DistinctSample tasks = new DistinctSample(TASK_SAMPLE);

        boolean dayCounted(int d) {
            return lastNovelDay == d;
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
            out.writeInt(day);
            out.writeInt(dayNew);
            out.writeInt(lastNovelDay);
            out.writeInt(novelDays);
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
            s.day = in.readInt();
            s.dayNew = in.readInt();
            s.lastNovelDay = in.readInt();
            s.novelDays = in.readInt();
            s.instruction = in.readUTF();
            s.tasks = DistinctSample.read(in, TASK_SAMPLE);
            return s;
        }
    }
}
