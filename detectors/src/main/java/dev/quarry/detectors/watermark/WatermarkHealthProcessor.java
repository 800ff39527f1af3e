package dev.quarry.detectors.watermark;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.codec.StateInput;
import dev.quarry.detectors.codec.StateOutput;
import dev.quarry.detectors.config.FusionConfig;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.detectors.config.WatermarkHealthConfig;
import dev.quarry.detectors.fusion.AlertFusion;
import dev.quarry.fingerprint.watermark.WatermarkBatchScorer;
import dev.quarry.fingerprint.watermark.WatermarkScore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The watermark health monitor: is the endpoint still watermarking its own responses? Records
 * arrive keyed by {@code model} (repartitioned "by-model", so one model's responses meet in one
 * task, in offset order), each carrying a response's logged {@code token_ids}. Per model, the
 * responses are counted in tumbling windows of {@code windowResponses}
 * ({@value WatermarkHealthConfig#DEFAULT_WINDOW_RESPONSES}) responses, and their scored and green
 * tokens pooled ({@code T}, {@code G}). When a window closes, two exact binomial tests run on the
 * pooled count ({@link PooledWindowTest}, both at level {@code alpha},
 * {@value WatermarkHealthConfig#DEFAULT_ALPHA}):
 * <ul>
 *   <li>"off": the window is unhealthy when {@code P(X >= G | T, gamma)} is above {@code alpha},
 *       i.e. its greens do not reject "no watermark". A watermarking endpoint is nowhere near: at
 *       the defaults a window pools some 20,000 tokens and a green share near 0.6, a p-value far
 *       below 1e-100;</li>
 *   <li>"weakened": the window is unhealthy when its green count is significantly below
 *       {@code gamma + minRelativeStrength * (baseline - gamma)}, the baseline being the green
 *       fraction of the model's recent windows that were not off (an average over about
 *       {@code baselineWindows}, {@value WatermarkHealthConfig#DEFAULT_BASELINE_WINDOWS}, of them).
 *       Half the traffic losing the mark halves the excess over {@code gamma};
 *       {@value WatermarkHealthConfig#DEFAULT_MIN_RELATIVE_STRENGTH} of it is the default
 *       floor.</li>
 * </ul>
 * An unhealthy window gives the model an alert whose subject is the endpoint
 * ({@link Subject#endpoint}), at the configured severity: the sampler was switched off, a config
 * drifted, one replica or a new model version ships without the watermark (Kirchenbauer et al.
 * 2023). One alert per run of unhealthy windows; a healthy window closes the run. Weakened
 * windows still move the baseline, so a lasting drop alerts once and the run ends when the
 * baseline has followed it; "off" never moves it.
 *
 * <p>A model is watched only once one of its windows was healthy, or when it is listed in
 * {@code expectedModels}: a model the provider never watermarks would otherwise alert forever.
 *
 * <p>Micro-batching: scoring goes through a {@link WatermarkBatchScorer}, so a GPU scorer gets
 * batches of {@code watermark.batchSize}. Responses are queued in the state store (not in a
 * field) under a per-task sequence number, so a restart loses none of them: the changelog
 * restores the queue, and the store's cache absorbs the put-then-delete of a queued response
 * within one commit. The queue is flushed when it holds a full batch and on a stream-time
 * punctuation every {@code flushEvery}. Flushes apply the scores in queue order, window
 * boundaries are response counts and an alert carries the time and id of the response that
 * closed its window; so when a flush happens changes only when an alert is written, never what
 * it says, and replay and live agree. Confined to one stream thread.
 */
public final class WatermarkHealthProcessor implements Processor<String, ResponseTokens, String, Alert> {
    public static final String NAME = "watermark_health";
    static final String MODEL_PREFIX = "m|";
    static final String QUEUE_PREFIX = "q|";
    static final String NEXT_SEQ = "n|";

    private final WatermarkConfig watermark;
    private final WatermarkHealthConfig config;
    private final WatermarkBatchScorer scorer;
    private final String schemeName;
    private final double gamma;
    private final double score;
    private final Set<String> expected;
    private final String storeName;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, byte[]> store;
    /** Next queue sequence number and queued responses; -1 until read from the store. */
    private long nextSeq = -1;
    private int queued;

    public WatermarkHealthProcessor(WatermarkChecks checks, FusionConfig fusion, String storeName) {
        this.watermark = checks.config();
        this.config = watermark.health();
        if (config.windowResponses() < 1 || config.minTokens() < 2 || watermark.batchSize() < 1
                || config.baselineWindows() < 1) {
            throw new IllegalArgumentException("need watermark.health.windowResponses >= 1, watermark.health.minTokens >= 2, "
                    + "watermark.health.baselineWindows >= 1 and watermark.batchSize >= 1");
        }
        if (!(config.alpha() > 0 && config.alpha() < 1)
                || !(config.minRelativeStrength() >= 0 && config.minRelativeStrength() < 1)) {
            throw new IllegalArgumentException("watermark.health: need alpha in (0, 1) and minRelativeStrength in [0, 1)");
        }
        this.gamma = checks.scheme().gamma();
        this.scorer = checks.batchScorer();
        this.schemeName = checks.scheme().name();
        this.score = switch (config.severity()) {
            case LOW -> fusion.low();
            case MEDIUM -> fusion.medium();
            case HIGH -> fusion.high();
            case CRITICAL -> fusion.critical();
        };
        this.expected = new HashSet<>(config.expectedModels());
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // A revived task re-initialises the same instance over a restored store: read the queue again.
        this.nextSeq = -1;
        this.queued = 0;
        context.schedule(config.flushEvery(), PunctuationType.STREAM_TIME, t -> flush());
    }

    @Override
    public void process(Record<String, ResponseTokens> record) {
        loadQueue();
        long seq = nextSeq++;
        StateOutput out = new StateOutput(64 + 4 * record.value().tokenIds().length);
        try {
            out.writeUTF(record.key());
            out.writeLong(record.timestamp());
            record.value().writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.put(queueKey(seq), out.toByteArray());
        store.put(NEXT_SEQ, ByteBuffer.allocate(8).putLong(nextSeq).array());
        if (++queued >= watermark.batchSize()) {
            flush();
        }
    }

    /** Scores every queued response, in queue order, and closes the windows they fill. */
    void flush() {
        loadQueue();
        if (queued == 0) {
            return;
        }
        List<String> keys = new ArrayList<>(queued);
        List<Queued> items = new ArrayList<>(queued);
        try (KeyValueIterator<String, byte[]> it = store.range(queueKey(0), queueKey(Long.MAX_VALUE))) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                keys.add(kv.key);
                items.add(Queued.read(kv.value));
            }
        }
        Map<String, ModelHealth> models = new LinkedHashMap<>();
        for (int from = 0; from < items.size(); from += watermark.batchSize()) {
            List<Queued> batch = items.subList(from, Math.min(items.size(), from + watermark.batchSize()));
            List<int[]> sequences = new ArrayList<>(batch.size());
            batch.forEach(q -> sequences.add(q.response.tokenIds()));
            List<WatermarkScore> scores = scorer.score(sequences, watermark.ignoreRepeatedBigrams());
            if (scores.size() != batch.size()) {
                throw new IllegalStateException(scorer.name() + " returned " + scores.size() + " scores for " + batch.size());
            }
            for (int i = 0; i < batch.size(); i++) {
                Queued q = batch.get(i);
                ModelHealth h = models.computeIfAbsent(q.model, this::load);
                apply(q, scores.get(i), h);
            }
        }
        models.forEach((model, h) -> store.put(MODEL_PREFIX + model, h.toBytes()));
        keys.forEach(store::delete);
        queued = 0;
    }

    private void apply(Queued q, WatermarkScore s, ModelHealth h) {
        h.responses++;
        if (h.windowResponses == 0) {
            h.windowFirstTs = q.ts;
        }
        h.windowResponses++;
        h.windowScored += s.scored();
        h.windowGreen += s.green();
        if (h.windowResponses < config.windowResponses()) {
            return;
        }
        h.windows++;
        PooledWindowTest test = PooledWindowTest.of(h.windowScored, h.windowGreen, gamma, h.baseline,
                config.minRelativeStrength(), config.alpha());
        if (test.verdict() != PooledWindowTest.Verdict.OFF) {
            h.updateBaseline(test.greenFraction(), config.baselineWindows());
        }
        if (test.verdict() == PooledWindowTest.Verdict.WATERMARKED) {
            h.everHealthy = true;
            h.alertId = null;
        } else if (h.everHealthy || expected.contains(q.model)) {
            h.unhealthyWindows++;
            if (h.alertId == null) {
                Subject subject = Subject.endpoint(q.model);
                h.alertId = AlertFusion.alertId(subject, q.response.eventId());
                h.alertFirstTs = h.windowFirstTs;
                Alert alert = alert(subject, q, h, test);
                context.forward(new Record<>(subject.key(), alert, q.ts));
            }
        }
        h.windowResponses = 0;
        h.windowScored = 0;
        h.windowGreen = 0;
    }

    private Alert alert(Subject subject, Queued q, ModelHealth h, PooledWindowTest t) {
        boolean off = t.verdict() == PooledWindowTest.Verdict.OFF;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("model", q.model);
        evidence.put("verdict", off ? "off" : "weakened");
        evidence.put("window_responses", h.windowResponses);
        evidence.put("window_tokens", t.scored());
        evidence.put("window_green", t.green());
        evidence.put("green_fraction", round(t.greenFraction()));
        evidence.put("gamma", gamma);
        evidence.put("log10_p_off", round(t.log10POff()));
        if (!Double.isNaN(t.baseline())) {
            evidence.put("baseline_green_fraction", round(t.baseline()));
        }
        if (!off) {
            evidence.put("floor_green_fraction", round(t.floor()));
            evidence.put("log10_p_below_floor", round(t.log10PBelowFloor()));
            evidence.put("min_relative_strength", config.minRelativeStrength());
        }
        evidence.put("alpha", config.alpha());
        evidence.put("min_tokens", config.minTokens());
        evidence.put("window_first_ts", h.windowFirstTs);
        evidence.put("windows", h.windows);
        evidence.put("unhealthy_windows", h.unhealthyWindows);
        evidence.put("seen_watermarked_before", h.everHealthy);
        evidence.put("scheme", schemeName);
        String fraction = Math.round(t.greenFraction() * 1000) / 10.0 + "%";
        String summary = off
                ? "model " + q.model + ": " + t.green() + " of " + t.scored() + " tokens of the last " + h.windowResponses
                        + " responses are green (" + fraction + ", chance " + Math.round(gamma * 100)
                        + "%), as many as without a watermark: the endpoint may have stopped watermarking"
                : "model " + q.model + ": the watermark weakened to " + fraction + " green tokens over the last "
                        + h.windowResponses + " responses (recent windows " + Math.round(t.baseline() * 1000) / 10.0
                        + "%, floor " + Math.round(t.floor() * 1000) / 10.0 + "%): part of the traffic may be leaving unmarked";
        return new Alert(h.alertId, 1, q.ts, h.alertFirstTs, subject, config.severity(), score,
                List.of(new DetectorFinding(NAME, EvidenceGroup.ENDPOINT_HEALTH, score, evidence)), q.response.eventId(), h.responses, summary);
    }

    private ModelHealth load(String model) {
        byte[] b = store.get(MODEL_PREFIX + model);
        return b == null ? new ModelHealth() : ModelHealth.fromBytes(b);
    }

    /** Reads the queue's position from the store once per task (after a restart it holds the restored queue). */
    private void loadQueue() {
        if (nextSeq >= 0) {
            return;
        }
        byte[] next = store.get(NEXT_SEQ);
        nextSeq = next == null ? 0 : ByteBuffer.wrap(next).getLong();
        queued = 0;
        try (KeyValueIterator<String, byte[]> it = store.range(queueKey(0), queueKey(Long.MAX_VALUE))) {
            while (it.hasNext()) {
                it.next();
                queued++;
            }
        }
    }

    /** Fixed-width hex, so the store's byte order is the queue order. */
    static String queueKey(long seq) {
        return QUEUE_PREFIX + String.format("%016x", seq);
    }

    /** One queued response with its model and event time. */
    private record Queued(String model, long ts, ResponseTokens response) {
        static Queued read(byte[] bytes) {
            try {
                StateInput in = new StateInput(bytes);
                String model = in.readUTF();
                long ts = in.readLong();
                return new Queued(model, ts, ResponseTokens.read(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
