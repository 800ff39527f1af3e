package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.fingerprint.Hashing;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.detectors.config.WatermarkEchoConfig;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.tokenizer.Tokenizer;
import dev.quarry.fingerprint.stats.Binomial;
import dev.quarry.fingerprint.stats.NormalDistribution;
import dev.quarry.fingerprint.watermark.WatermarkScheme;
import dev.quarry.fingerprint.watermark.WatermarkScore;
import dev.quarry.ingest.InferenceEvent;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
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
 * model's tokenizer and scored with the endpoint's key.
 *
 * <p>Only the last user message is scored ({@link dev.quarry.ingest.InferenceRequest#userText()}):
 * assistant turns of a chat history are the provider's own outputs and carry the mark by design.
 *
 * <p>Two exact tests, one per prompt and one per client:
 * <ol>
 *   <li><b>Prompt.</b> With at least {@code minTokens}
 *       ({@value WatermarkEchoConfig#DEFAULT_MIN_TOKENS}) scored tokens, {@code G} green of
 *       {@code T} (each distinct token pair once), the prompt counts as watermarked when the exact
 *       binomial tail {@code P(X >= G | T, gamma)} is at most {@code promptAlpha}: by default the
 *       normal upper tail of {@code watermark.zThreshold} (3.2e-5 at z
 *       {@value WatermarkConfig#DEFAULT_Z_THRESHOLD}). The normal approximation itself is not used:
 *       at {@code T = 50}, {@code z >= 4} happens to unmarked text with probability 1.2e-4, four
 *       times what it claims. A prompt repeated verbatim counts once.</li>
 *   <li><b>Client.</b> Under "no watermark" each scored prompt passes with probability at most
 *       {@code a = promptAlpha}, independently, so a benign client that sends thousands of
 *       prompts gets a few chance hits. The count {@code k} of watermarked prompts among the
 *       {@code n} scored is therefore tested against {@code Binomial(n, a)}: its p-value is
 *       {@code P(X >= k | n, a)}, and the client is reported when that is at most
 *       {@code clientAlpha * m / (k (k + 1))}, with {@code m = minWatermarkedPrompts}, and
 *       {@code k >= m}. The test is re-run at every prompt; the level is spent over {@code k}
 *       because {@code P(X >= k | n, a)} only grows while {@code k} stands still, and at the
 *       prompt that makes the {@code k}-th hit it is the distribution function of the waiting time
 *       for {@code k} hits, a valid p-value. The levels sum to {@code clientAlpha}
 *       ({@value WatermarkEchoConfig#DEFAULT_CLIENT_ALPHA}) over
 *       {@code k >= m}, so that is the chance that a client without the watermark is ever
 *       reported, however long it runs.</li>
 * </ol>
 * Independence between prompts is the test's assumption: plain prompts that share most of their
 * tokens (one template with a few words changed) are one draw, not many.
 *
 * <p>A chat user who pastes an earlier answer back ("shorten this") gives one or two such prompts
 * among many; a self-instruct loop gives many, and a large share of its prompts. Once reported, the
 * score is {@code maxScore * (baseWeight + (1 - baseWeight) * volume) * min(1, share / fullShare)},
 * with {@code volume} rising on a log scale from {@code minWatermarkedPrompts}
 * ({@value WatermarkEchoConfig#DEFAULT_MIN_WATERMARKED_PROMPTS}) to {@code fullWatermarkedPrompts}
 * ({@value WatermarkEchoConfig#DEFAULT_FULL_WATERMARKED_PROMPTS}), {@code maxScore}
 * {@value WatermarkEchoConfig#DEFAULT_MAX_SCORE}, {@code baseWeight}
 * {@value WatermarkEchoConfig#DEFAULT_BASE_WEIGHT} and {@code fullShare}
 * {@value WatermarkEchoConfig#DEFAULT_FULL_SHARE}: three pasted answers in a short chat stay low
 * (0.27 at most), a loop of 30 watermarked prompts reaches 0.9. The evidence holds both tests'
 * exact p-values (as log10), {@code n}, {@code k}, the {@code k} expected by chance, and a
 * truncated sample of a watermarked prompt (attacker text: render it as data). Never the key.
 *
 * <p>Tokenizing is the cost (about 1 ms per 70-token prompt with a HuggingFace tokenizer, measured
 * on a loaded 2-core machine); {@code sampleRate} ({@value WatermarkEchoConfig#DEFAULT_SAMPLE_RATE}
 * by default) scores a share of prompts picked by text hash.
 *
 * <p>Stateless and thread-safe (the tokenizer and scheme are); inactive unless a key and
 * {@code watermark.tokenizer} are configured (see {@link WatermarkEchoConfig#active}).
 */
public final class WatermarkEchoDetector extends AbstractDetector<WatermarkEchoDetector.State> {
    public static final String NAME = "watermark_echo";
    static final int RECENT_P = 8;
    static final int RECENT_HASHES = 32;
    /** Decorrelates the sample from other uses of the text hash. */
    private static final long SAMPLE_SALT = 0x3C6E_F372_FE94_F82BL;

    private final WatermarkEchoConfig config;
    private final double gamma;
    private final double promptAlpha;
    private final double log10PromptAlpha;
    private final boolean ignoreRepeatedBigrams;
    private final WatermarkScheme scheme;
    private final Tokenizer tokenizer;

    public WatermarkEchoDetector(WatermarkConfig watermark, WatermarkScheme scheme, Tokenizer tokenizer) {
        super(NAME, EvidenceGroup.WATERMARK_ECHO, State::new, State::read);
        WatermarkEchoConfig c = watermark.echo();
        if (c.minTokens() < 1 || c.minWatermarkedPrompts() < 1 || c.fullWatermarkedPrompts() <= c.minWatermarkedPrompts()) {
            throw new IllegalArgumentException("watermark.echo: need minTokens >= 1 and 1 <= minWatermarkedPrompts < fullWatermarkedPrompts");
        }
        if (!(c.sampleRate() > 0 && c.sampleRate() <= 1) || !(c.fullShare() > 0 && c.fullShare() <= 1)
                || !(c.maxScore() > 0 && c.maxScore() <= 1)
                || !(c.baseWeight() >= 0 && c.baseWeight() <= 1)) {
            throw new IllegalArgumentException("watermark.echo: sampleRate, fullShare and maxScore must be in (0, 1], baseWeight in [0, 1]");
        }
        if (c.sampleChars() < 0 || c.sampleChars() > 4000 || c.maxPromptChars() < c.minTokens()) {
            // the sample is written with writeUTF, which takes at most 65535 bytes
            throw new IllegalArgumentException("watermark.echo: need 0 <= sampleChars <= 4000 and maxPromptChars >= minTokens");
        }
        this.promptAlpha = promptAlpha(watermark);
        if (!(promptAlpha > 0 && promptAlpha < 1) || !(c.clientAlpha() > 0 && c.clientAlpha() < 1)) {
            throw new IllegalArgumentException("watermark.echo: need promptAlpha (0: from watermark.zThreshold) and clientAlpha in (0, 1): "
                    + promptAlpha + ", " + c.clientAlpha());
        }
        this.config = c;
        this.gamma = watermark.gamma();
        this.log10PromptAlpha = Math.log10(promptAlpha);
        this.ignoreRepeatedBigrams = watermark.ignoreRepeatedBigrams();
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    }

    /** The per-prompt level: {@code echo.promptAlpha}, or when it is 0 the normal upper tail of {@code zThreshold}. */
    public static double promptAlpha(WatermarkConfig watermark) {
        double configured = watermark.echo().promptAlpha();
        return configured > 0 ? configured : NormalDistribution.upperTail(watermark.zThreshold());
    }

    /** {@code log10 P(X >= green | scored, gamma)}: one prompt's exact one-sided p-value. */
    static double promptLog10P(long scored, long green, double gamma) {
        return Binomial.log10UpperTail(scored, green, gamma);
    }

    /** The client-level test's level once {@code k} prompts are watermarked: {@code clientAlpha * m / (k (k + 1))}. */
    static double clientLevel(double clientAlpha, int minWatermarked, long k) {
        return clientAlpha * minWatermarked / ((double) k * (k + 1));
    }

    /**
     * The client-level rule: {@code k >= m} watermarked prompts among {@code n} scored, and
     * {@code P(X >= k | n, promptAlpha)} at most {@link #clientLevel}.
     */
    static boolean clientSignificant(long n, long k, double promptAlpha, double clientAlpha, int m) {
        return k >= m && Binomial.log10UpperTail(n, k, promptAlpha) <= Math.log10(clientLevel(clientAlpha, m, k));
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        String text = event.request().userText();
        // Cheap guard before tokenizing: minTokens scored tokens need well over minTokens characters.
        if (text.length() <= config.minTokens() || !sampled(features.textHash())) {
            return Optional.empty();
        }
        if (text.length() > config.maxPromptChars()) {
            text = text.substring(0, config.maxPromptChars());
        }
        WatermarkScore score = scheme.score(tokenizer.encode(text), ignoreRepeatedBigrams);
        if (score.scored() < config.minTokens()) {
            return Optional.empty();
        }
        s.scored++;
        double log10P = promptLog10P(score.scored(), score.green(), gamma);
        if (log10P <= log10PromptAlpha && s.firstTimeSeen(features.textHash())) {
            s.watermarked++;
            s.minLog10P = Math.min(s.minLog10P, (float) log10P);
            s.recentLog10P.add((float) log10P);
            if (s.recentLog10P.size() > RECENT_P) {
                s.recentLog10P.remove(0);
            }
            s.sample = text.length() > config.sampleChars() ? text.substring(0, config.sampleChars()) : text;
            s.sampleEventId = event.eventId();
        }
        return finding(s);
    }

    /** Deterministic sampling by text hash: the same prompt is always in or always out. */
    private boolean sampled(long textHash) {
        return config.sampleRate() >= 1.0
                || (Hashing.mix64(textHash ^ SAMPLE_SALT) >>> 11) * 0x1p-53 < config.sampleRate();
    }

    private Optional<DetectorFinding> finding(State s) {
        if (!clientSignificant(s.scored, s.watermarked, promptAlpha, config.clientAlpha(), config.minWatermarkedPrompts())) {
            return Optional.of(zero());
        }
        double clientLog10P = Binomial.log10UpperTail(s.scored, s.watermarked, promptAlpha);
        double level = clientLevel(config.clientAlpha(), config.minWatermarkedPrompts(), s.watermarked);
        double volume = Ramps.logRamp(s.watermarked, config.minWatermarkedPrompts(), config.fullWatermarkedPrompts());
        double share = (double) s.watermarked / s.scored;
        double score = config.maxScore() * (config.baseWeight() + (1 - config.baseWeight()) * volume)
                * Math.min(1.0, share / config.fullShare());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("watermarked_prompts", s.watermarked);
        evidence.put("prompts_scored", s.scored);
        evidence.put("expected_watermarked", threeDigits(s.scored * promptAlpha));
        evidence.put("share_watermarked", round(share));
        evidence.put("client_log10_p", round(clientLog10P));
        evidence.put("client_level", level);
        evidence.put("client_alpha", config.clientAlpha());
        evidence.put("prompt_alpha", promptAlpha);
        evidence.put("min_prompt_log10_p", round(s.minLog10P));
        List<Double> recent = new ArrayList<>(s.recentLog10P.size());
        s.recentLog10P.forEach(p -> recent.add(round(p)));
        evidence.put("recent_prompt_log10_p", recent);
        evidence.put("gamma", gamma);
        evidence.put("min_tokens", config.minTokens());
        evidence.put("sample_event_id", s.sampleEventId);
        evidence.put("sample", s.sample);
        return Optional.of(finding(score, evidence));
    }

    /** Three significant digits: the expected count is often far below the 4 decimals of {@code round}. */
    private static double threeDigits(double v) {
        return new BigDecimal(v).round(new MathContext(3)).doubleValue();
    }

    @Override
    public String headline(DetectorFinding f) {
        return "prompts carry the provider's watermark (outputs fed back in): " + f.evidence().get("watermarked_prompts")
                + " of " + f.evidence().get("prompts_scored") + " scored prompts (" + f.evidence().get("expected_watermarked")
                + " expected by chance, log10 p " + f.evidence().get("client_log10_p") + ")";
    }

    /** Per-client state: counters, recent prompt p-values (log10), one sample, and hashes of recent watermarked prompts. */
    public static final class State implements DetectorState {
        long scored;
        long watermarked;
        float minLog10P;
        final List<Float> recentLog10P = new ArrayList<>(RECENT_P);
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
            out.writeByte(FORMAT);
            out.writeLong(scored);
            out.writeLong(watermarked);
            out.writeFloat(minLog10P);
            out.writeByte(recentLog10P.size());
            for (float p : recentLog10P) {
                out.writeFloat(p);
            }
            out.writeByte(recentHashes.size());
            for (long h : recentHashes) {
                out.writeLong(h);
            }
            out.writeUTF(sample);
            out.writeUTF(sampleEventId);
        }

        /** State format: 2 holds exact per-prompt p-values (format 1 had z-scores and no format byte). */
        private static final byte FORMAT = 2;

        static State read(DataInput in) throws IOException {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("unknown watermark_echo state format " + format);
            }
            State s = new State();
            s.scored = in.readLong();
            s.watermarked = in.readLong();
            s.minLog10P = in.readFloat();
            int n = in.readUnsignedByte();
            for (int i = 0; i < n; i++) {
                s.recentLog10P.add(in.readFloat());
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
