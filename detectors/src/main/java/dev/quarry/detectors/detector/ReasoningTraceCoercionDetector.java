package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.ReasoningTraceCoercionConfig;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceRequest;
import dev.quarry.ingest.Message;
import dev.quarry.ingest.TextClip;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sees a client coercing the model into emitting its full, hidden chain of thought, to harvest
 * reasoning traces for training a student's reasoning.
 *
 * <p>Follows Anthropic 2026 (report on detecting and countering distillation attacks: campaigns
 * that instruct the model to write out its complete internal reasoning so that the traces can be
 * collected) and Google Threat Intelligence Group 2026 (AI threat tracker, "reasoning trace
 * coercion" against Gemini: prompts asking the model to reproduce its full thought process
 * verbatim). Every system, developer and user message is scored by {@link CoercionLexicon}, a
 * weighted phrase-feature scorer (emission verbs x reasoning objects x completeness and
 * internality qualifiers, plus "do not summarise", thinking tags, "think aloud" and
 * dead-end/intermediate-step markers), so paraphrases score like the originals while "explain
 * step by step" or "show your work" do not. A request whose best message scores
 * {@code coerciveRequestScore} ({@value ReasoningTraceCoercionConfig#DEFAULT_COERCIVE_REQUEST_SCORE})
 * or more is coercive.
 *
 * <p>One such request is a curious user; a campaign sends them by the thousand. The score is the
 * product of the count of coercive requests on a log scale from {@code minCoerciveRequests}
 * ({@value ReasoningTraceCoercionConfig#DEFAULT_MIN_COERCIVE_REQUESTS}) to
 * {@code fullCoerciveRequests}
 * ({@value ReasoningTraceCoercionConfig#DEFAULT_FULL_COERCIVE_REQUESTS}), their share of the
 * client's requests (full at {@code fullCoerciveShare},
 * {@value ReasoningTraceCoercionConfig#DEFAULT_FULL_COERCIVE_SHARE}: harvesting is the workload,
 * not an aside, and the same instruction on every call is its signature), and the output-harvest
 * economics of the coercive requests, weighted 0.55 + 0.45 x harvest: harvest is the larger of mean
 * completion plus {@code response.reasoning_tokens} against {@code harvestOutputTokens}
 * ({@value ReasoningTraceCoercionConfig#DEFAULT_HARVEST_OUTPUT_TOKENS}) and the share of calls with
 * {@code max_tokens} at or above {@code capMaxTokens}
 * ({@value ReasoningTraceCoercionConfig#DEFAULT_CAP_MAX_TOKENS}). So a clear campaign reaches
 * medium on text alone and high when its outputs are long.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReasoningTraceCoercionDetector extends AbstractDetector<ReasoningTraceCoercionDetector.State> {
    public static final String NAME = "reasoning_trace_coercion";
    private static final int SAMPLE_CHARS = 240;
    private final ReasoningTraceCoercionConfig config;

    public ReasoningTraceCoercionDetector(ReasoningTraceCoercionConfig config) {
        super(NAME, EvidenceGroup.REASONING_EXTRACTION, State::new, State::read);
        if (config.minCoerciveRequests() < 1 || config.fullCoerciveRequests() <= config.minCoerciveRequests()
                || config.fullCoerciveShare() <= 0 || config.harvestOutputTokens() < 1) {
            throw new IllegalArgumentException(
                    "detection.reasoningTraceCoercion: need 1 <= minCoerciveRequests < fullCoerciveRequests,"
                    + " fullCoerciveShare > 0 and harvestOutputTokens >= 1");
        }
        this.config = config;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        InferenceRequest r = event.request();
        s.requests++;
        CoercionLexicon.Score best = CoercionLexicon.Score.NONE;
        String where = "";
        String text = "";
        if (r.messages() != null) {
            for (Message m : r.messages()) {
                if (m.isSystem() || m.isUser()) {
                    CoercionLexicon.Score sc = CoercionLexicon.score(m.content());
                    if (sc.value() > best.value()) {
                        best = sc;
                        where = m.role();
                        text = m.content();
                    }
                }
            }
        }
        if (r.prompt() != null) {
            CoercionLexicon.Score sc = CoercionLexicon.score(r.prompt());
            if (sc.value() > best.value()) {
                best = sc;
                where = "prompt";
                text = r.prompt();
            }
        }
        if (best.value() >= config.coerciveRequestScore()) {
            s.coercive++;
            Integer completion = event.response().completionTokens();
            Integer reasoning = event.response().reasoningTokens();
            if (completion != null || reasoning != null) {
                s.withUsage++;
                s.outputTokens += (completion == null ? 0 : completion) + (reasoning == null ? 0 : reasoning);
                s.reasoningTokens += reasoning == null ? 0 : reasoning;
            }
            if (r.maxTokens() != null && r.maxTokens() >= config.capMaxTokens()) {
                s.atCap++;
            }
            s.lastRole = where;
            s.lastCues = String.join(",", best.cues());
            s.lastInstruction = TextClip.tail(text, SAMPLE_CHARS);
        }
        return finding(s);
    }

    private Optional<DetectorFinding> finding(State s) {
        if (s.coercive < config.minCoerciveRequests()) {
            return Optional.of(zero());
        }
        double count = Ramps.logRamp(s.coercive, config.minCoerciveRequests(), config.fullCoerciveRequests());
        double share = (double) s.coercive / s.requests;
        double meanOutput = s.withUsage == 0 ? 0 : (double) s.outputTokens / s.withUsage;
        double atCapShare = (double) s.atCap / s.coercive;
        double harvest = Math.max(Math.min(1.0, meanOutput / config.harvestOutputTokens()), atCapShare);
        // A handful of coercive requests is enough to be watched; the count ramp starts at 0.3.
        double score = (0.3 + 0.7 * count) * Math.min(1.0, share / config.fullCoerciveShare())
                * (0.55 + 0.45 * harvest);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("coercive_requests", s.coercive);
        evidence.put("requests", s.requests);
        evidence.put("coercive_share", round(share));
        evidence.put("mean_output_tokens", Math.round(meanOutput));
        evidence.put("mean_reasoning_tokens", s.withUsage == 0 ? 0 : Math.round((double) s.reasoningTokens / s.withUsage));
        evidence.put("share_max_tokens_at_cap", round(atCapShare));
        evidence.put("cues", List.of(s.lastCues.split(",")));
        evidence.put("instruction_in", s.lastRole);
        evidence.put("latest_instruction", s.lastInstruction);
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        return "reasoning-trace coercion: " + f.evidence().get("coercive_requests") + " of "
                + f.evidence().get("requests") + " requests demand the full chain of thought, mean output "
                + f.evidence().get("mean_output_tokens") + " tokens";
    }


    /** Per-client state: counters of coercive requests and their usage, and the latest instruction. */
    public static final class State implements DetectorState {
        long requests;
        long coercive;
        long withUsage;
        long outputTokens;
        long reasoningTokens;
        long atCap;
        String lastRole = "";
        String lastCues = "";
        String lastInstruction = "";

        /** Requests seen that coerce the chain of thought. */
        public long coerciveRequests() {
            return coercive;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(requests);
            out.writeLong(coercive);
            out.writeLong(withUsage);
            out.writeLong(outputTokens);
            out.writeLong(reasoningTokens);
            out.writeLong(atCap);
            out.writeUTF(lastRole);
            out.writeUTF(lastCues);
            out.writeUTF(lastInstruction);
        }

        static State read(DataInput in) throws IOException {
            State s = new State();
            s.requests = in.readLong();
            s.coercive = in.readLong();
            s.withUsage = in.readLong();
            s.outputTokens = in.readLong();
            s.reasoningTokens = in.readLong();
            s.atCap = in.readLong();
            s.lastRole = in.readUTF();
            s.lastCues = in.readUTF();
            s.lastInstruction = in.readUTF();
            return s;
        }
    }
}
