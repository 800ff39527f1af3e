package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.fingerprint.Hashing;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.detectors.config.WatermarkEchoConfig;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.tokenizer.Tokenizer;
import dev.quarry.fingerprint.watermark.GreenListScheme;
import dev.quarry.fingerprint.watermark.WatermarkScheme;
import dev.quarry.fingerprint.watermark.WatermarkScore;
import dev.quarry.ingest.InferenceEvent;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sees a client whose prompts carry the provider's own watermark: it is feeding the endpoint's
 * outputs back in as inputs, the loop that builds a training set from a model (Self-Instruct,
 * Wang et al. 2023, ACL: a model's generations become new instructions and seeds, round after
 * round). The watermark is the green-list scheme of Kirchenbauer et al. 2023 ("A Watermark for
 * Large Language Models", ICML); Sander et al. 2024 ("Watermarking Makes Language Models
 * Radioactive", NeurIPS) show that such text keeps its mark and contaminates what is trained on
 * it. Here it is caught earlier, at the prompt: the user text is tokenized with the serving
 * model's tokenizer and its z-score computed with the endpoint's key.
 *
 * <p>Only the last user message is scored ({@link dev.quarry.ingest.InferenceRequest#userText()}):
 * assistant turns of a chat history are the provider's own outputs and carry the mark by design.
 * A prompt counts when at least {@code min_tokens} (50) tokens were scored and
 * {@code z >= watermark.zThreshold} (4, p about 3e-5 per prompt, so a benign client needs tens of
 * thousands of prompts for one chance hit); a prompt repeated verbatim counts once. A chat user
 * who pastes an earlier answer back ("shorten this") gives one or two such prompts among many; a
 * self-instruct loop gives many, and a large share of its prompts. So nothing is reported below
 * {@code min_watermarked_prompts} (3) and the score is
 * {@code max_score * (base_weight + (1 - base_weight) * volume) * min(1, share / full_share)},
 * with {@code volume} rising on a log scale from 3 to {@code full_watermarked_prompts} (30) and
 * {@code full_share} 0.5: three pasted answers in a short chat stay low (0.27 at most), a loop of
 * 30 watermarked prompts reaches 0.9. The evidence holds z-scores, counts and a truncated sample
 * of a watermarked prompt (attacker text: render it as data). Never the key.
 *
 * <p>Tokenizing is the cost (about 1 ms per 70-token prompt with a HuggingFace tokenizer,
 * measured on a loaded 2-core machine); {@code sample_rate} (1 by default) scores a share of
 * prompts picked by text hash.
 *
 * <p>Stateless and thread-safe (the tokenizer and scheme are); inactive unless a key and
 * {@code watermark.tokenizer} are configured (see {@code QuarryTopology}).
 */
public final class WatermarkEchoDetector extends AbstractDetector<WatermarkEchoDetector.State> {
    public static final String NAME = "watermark_echo";
    static final int RECENT_Z = 8;
    static final int RECENT_HASHES = 32;
    /** Decorrelates the sample from other uses of the text hash. */
    private static final long SAMPLE_SALT = 0x3C6E_F372_FE94_F82BL;

    private final WatermarkEchoConfig config;
    private final double zThreshold;
    private final boolean ignoreRepeatedBigrams;
    private final WatermarkScheme scheme;
    private final Tokenizer tokenizer;

    public WatermarkEchoDetector(WatermarkConfig watermark, WatermarkScheme scheme, Tokenizer tokenizer) {
        super(NAME, EvidenceGroup.WATERMARK_ECHO, State::new, State::read);
        WatermarkEchoConfig c = watermark.echo;
        if (c.minTokens < 1 || c.minWatermarkedPrompts < 1 || c.fullWatermarkedPrompts <= c.minWatermarkedPrompts) {
            throw new IllegalArgumentException("need min_tokens >= 1 and 1 <= min_watermarked_prompts < full_watermarked_prompts");
        }
        if (!(c.sampleRate > 0 && c.sampleRate <= 1) || !(c.fullShare > 0 && c.fullShare <= 1) || !(c.maxScore > 0 && c.maxScore <= 1)
                || !(c.baseWeight >= 0 && c.baseWeight <= 1)) {
            throw new IllegalArgumentException("sample_rate, full_share and max_score must be in (0, 1], base_weight in [0, 1]");
        }
        if (c.sampleChars < 0 || c.sampleChars > 4000 || c.maxPromptChars < c.minTokens) {
            // the sample is written with writeUTF, which takes at most 65535 bytes
            throw new IllegalArgumentException("need 0 <= sample_chars <= 4000 and max_prompt_chars >= min_tokens");
        }
        this.config = c;
        this.zThreshold = watermark.zThreshold;
        this.ignoreRepeatedBigrams = watermark.ignoreRepeatedBigrams;
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        String text = event.request().userText();
        // Cheap guard before tokenizing: min_tokens scored tokens need well over min_tokens characters.
        if (text.length() <= config.minTokens || !sampled(features.textHash())) {
            return Optional.empty();
        }
        if (text.length() > config.maxPromptChars) {
            text = text.substring(0, config.maxPromptChars);
        }
        WatermarkScore score = scheme.score(tokenizer.encode(text), ignoreRepeatedBigrams);
        if (score.scored() < config.minTokens) {
            return Optional.empty();
        }
        s.scored++;
        if (score.watermarked(zThreshold) && s.firstTimeSeen(features.textHash())) {
            s.watermarked++;
            s.maxZ = Math.max(s.maxZ, (float) score.z());
            s.recentZ.add((float) score.z());
            if (s.recentZ.size() > RECENT_Z) {
                s.recentZ.remove(0);
            }
            s.sample = text.length() > config.sampleChars ? text.substring(0, config.sampleChars) : text;
            s.sampleEventId = event.eventId();
        }
        return finding(s);
    }

    /** Deterministic sampling by text hash: the same prompt is always in or always out. */
    private boolean sampled(long textHash) {
        return config.sampleRate >= 1.0
                || (Hashing.mix64(textHash ^ SAMPLE_SALT) >>> 11) * 0x1p-53 < config.sampleRate;
    }

    private Optional<DetectorFinding> finding(State s) {
        if (s.watermarked < config.minWatermarkedPrompts) {
            return Optional.of(zero());
        }
        double volume = Math.min(1.0, Math.log((double) s.watermarked / config.minWatermarkedPrompts)
                / Math.log((double) config.fullWatermarkedPrompts / config.minWatermarkedPrompts));
        double share = (double) s.watermarked / s.scored;
        double score = config.maxScore * (config.baseWeight + (1 - config.baseWeight) * volume)
                * Math.min(1.0, share / config.fullShare);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("watermarked_prompts", s.watermarked);
        evidence.put("prompts_scored", s.scored);
        evidence.put("share_watermarked", round(share));
        evidence.put("max_z", round(s.maxZ));
        List<Double> recent = new ArrayList<>(s.recentZ.size());
        s.recentZ.forEach(z -> recent.add(round(z)));
        evidence.put("recent_z", recent);
        evidence.put("z_threshold", zThreshold);
        evidence.put("min_tokens", config.minTokens);
        evidence.put("sample_event_id", s.sampleEventId);
        evidence.put("sample", s.sample);
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        return "prompts carry the provider's watermark (outputs fed back in): " + f.evidence().get("watermarked_prompts")
                + " of " + f.evidence().get("prompts_scored") + " scored prompts, max z " + f.evidence().get("max_z");
    }

    /** Per-client state: counters, recent z-scores, one sample, and hashes of recent watermarked prompts. */
    public static final class State implements DetectorState {
        long scored;
        long watermarked;
        float maxZ;
        final List<Float> recentZ = new ArrayList<>(RECENT_Z);
        /** Text hashes of the latest watermarked prompts, oldest first: a retried prompt counts once. */
        final List<Long> recentHashes = new ArrayList<>(RECENT_HASHES);
        String sample = "";
        String sampleEventId = "";

        public long watermarkedPrompts() {
            return watermarked;
        }

        public long promptsScored() {
            return scored;
        }

        boolean firstTimeSeen(long hash) {
            if (recentHashes.contains(hash)) {
                return false;
            }
            recentHashes.add(hash);
            if (recentHashes.size() > RECENT_HASHES) {
                recentHashes.remove(0);
            }
            return true;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(scored);
            out.writeLong(watermarked);
            out.writeFloat(maxZ);
            out.writeByte(recentZ.size());
            for (float z : recentZ) {
                out.writeFloat(z);
            }
            out.writeByte(recentHashes.size());
            for (long h : recentHashes) {
                out.writeLong(h);
            }
            out.writeUTF(sample);
            out.writeUTF(sampleEventId);
        }

        static State read(DataInput in) throws IOException {
            State s = new State();
            s.scored = in.readLong();
            s.watermarked = in.readLong();
            s.maxZ = in.readFloat();
            int n = in.readUnsignedByte();
            for (int i = 0; i < n; i++) {
                s.recentZ.add(in.readFloat());
            }
            int h = in.readUnsignedByte();
            for (int i = 0; i < h; i++) {
                s.recentHashes.add(in.readLong());
            }
            s.sample = in.readUTF();
            s.sampleEventId = in.readUTF();
            return s;
        }
    }
}
