package dev.quarry.fingerprint.watermark;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link GreenListScheme} test on batches of token sequences, as tensors on DJL's PyTorch
 * engine: on the GPU when the engine sees one, else on the CPU. It gives exactly the counts
 * {@code T} and {@code G} of {@link GreenListScheme#score} (the same 64-bit arithmetic, done on
 * bit-planes by {@link Uint64Tensors}), so the two scorers are interchangeable; on a CPU the plain
 * Java loop is faster (docs/watermark.md, "Watermark scorers").
 *
 * <p>A batch is one int64 tensor {@code [batch, length]}, shorter sequences padded; a mask from
 * the lengths keeps padded positions out of every count. With {@code ignoreRepeatedBigrams} each
 * row's pair keys {@code previous * 2^32 + token} are sorted, and a pair counts where its key
 * differs from the one before it, so each distinct pair counts once per sequence, as the plain
 * Java {@link LongHashSet} does.
 *
 * <p>Token ids must be non-negative (tokenizer ids are). Device memory per call grows with
 * {@code batch * longest sequence} (a few hundred bytes per position), so callers bound both.
 * Owns an {@link NDManager}: close it. Not thread-safe; use one scorer per thread.
 */
public final class DjlGreenListScorer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DjlGreenListScorer.class);
    private static final AtomicBoolean DEVICE_LOGGED = new AtomicBoolean();
    private static final String ENGINE = "PyTorch";
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final GreenListScheme scheme;
    private final NDManager manager;
    private final Uint64Tensors uint64;
    private final NDArray keyBits;

    /** A scorer on {@link #preferredDevice()}. */
    public DjlGreenListScorer(GreenListScheme scheme) {
        this(scheme, preferredDevice());
    }

    /**
     * A scorer on {@code device}.
     *
     * @throws ai.djl.engine.EngineException when DJL's PyTorch engine cannot load
     */
    public DjlGreenListScorer(GreenListScheme scheme, Device device) {
        this.scheme = scheme;
        this.manager = NDManager.newBaseManager(device, ENGINE);
        this.uint64 = new Uint64Tensors(manager);
        this.keyBits = uint64.constant(scheme.key());
        if (DEVICE_LOGGED.compareAndSet(false, true)) {
            LOG.info("watermark scorer: DJL {} {} on {}", ENGINE, Engine.getEngine(ENGINE).getVersion(), device);
        }
    }

    /**
     * The first GPU when DJL's PyTorch engine reports one, else the CPU.
     *
     * @throws ai.djl.engine.EngineException when DJL's PyTorch engine cannot load
     */
    public static Device preferredDevice() {
        return Engine.getEngine(ENGINE).getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    public Device device() {
        return manager.getDevice();
    }

    /** The scheme's z-test on the counts of {@link #countBatch}, one score per sequence, in order. */
    public List<WatermarkScore> scoreBatch(List<int[]> sequences, boolean ignoreRepeatedBigrams) {
        long[][] counts = countBatch(sequences, ignoreRepeatedBigrams);
        List<WatermarkScore> scores = new ArrayList<>(counts.length);
        for (long[] c : counts) {
            scores.add(scheme.fromCounts(c[0], c[1]));
        }
        return scores;
    }

    /**
     * {@code T} and {@code G} of each sequence: {@code counts[i] = {scored, green}}, equal to those
     * of {@link GreenListScheme#score}{@code (sequences.get(i), ignoreRepeatedBigrams)}.
     *
     * @throws IllegalArgumentException when a token id is negative
     */
    public long[][] countBatch(List<int[]> sequences, boolean ignoreRepeatedBigrams) {
        int batch = sequences.size();
        int length = 0;
        for (int[] s : sequences) {
            length = Math.max(length, s.length);
        }
        long[][] counts = new long[batch][2];
        if (length < 2) {
            return counts;
        }
        long[] ids = new long[Math.multiplyExact(batch, length)];
        long[] lengths = new long[batch];
        for (int b = 0; b < batch; b++) {
            int[] s = sequences.get(b);
            lengths[b] = s.length;
            for (int i = 0; i < s.length; i++) {
                if (s[i] < 0) {
                    throw new IllegalArgumentException("token ids must be non-negative: " + s[i]);
                }
                ids[b * length + i] = s[i];
            }
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDArray tokens = scratch.create(ids, new Shape(batch, length));
            NDArray valid = pairMask(scratch.create(lengths), length);
            NDArray green = green(tokens, batch, length);
            NDArray scored;
            if (ignoreRepeatedBigrams) {
                // padded pairs get key -1, below every real key, and are never counted
                NDArray inside = valid.toType(DataType.INT64, false);
                NDArray keys = pairKeys(tokens).mul(inside).add(inside).sub(1L);
                NDArray order = keys.argSort(1);
                NDArray sortedKeys = keys.gather(order, 1);
                scored = sortedKeys.gte(0L).logicalAnd(firstOfRun(sortedKeys));
                green = green.gather(order, 1);
            } else {
                scored = valid;
            }
            long[] t = scored.toType(DataType.INT64, false).sum(new int[] {1}).toLongArray();
            long[] g = scored.logicalAnd(green).toType(DataType.INT64, false).sum(new int[] {1}).toLongArray();
            for (int b = 0; b < batch; b++) {
                counts[b][0] = t[b];
                counts[b][1] = g[b];
            }
        }
        return counts;
    }

    /** {@code [batch, length - 1]}: whether pair {@code i} (tokens {@code i}, {@code i + 1}) lies inside its sequence. */
    private static NDArray pairMask(NDArray lengths, int length) {
        NDArray second = lengths.getManager().arange(1, length, 1, DataType.INT64);
        return second.reshape(1, length - 1).lt(lengths.reshape(-1, 1));
    }

    /** {@code [batch, length - 1]}: whether each pair is green, padded ones included. */
    private NDArray green(NDArray tokens, int batch, int length) {
        NDArray bits = uint64.fromIds(tokens.reshape(-1));
        NDArray previous = uint64.mix64(bits).reshape(batch, length, 64).get(":, :-1, :");
        NDArray token = uint64.multiply(bits, GOLDEN).reshape(batch, length, 64).get(":, 1:, :");
        NDArray mixed = previous.logicalXor(token).logicalXor(keyBits).reshape(-1, 64);
        NDArray hash = uint64.mix64(mixed);
        return uint64.high53(hash).lt((double) scheme.threshold()).reshape(batch, length - 1);
    }

    /** {@code previous * 2^32 + token} per pair: distinct pairs of non-negative ids have distinct keys. */
    private static NDArray pairKeys(NDArray tokens) {
        NDArray previous = tokens.get(":, :-1");
        NDArray token = tokens.get(":, 1:");
        return previous.mul(1L << 32).add(token);
    }

    /** In rows of sorted keys, true where a key differs from the one before it (and in column 0). */
    private static NDArray firstOfRun(NDArray sortedKeys) {
        long rows = sortedKeys.getShape().get(0);
        NDArray first = sortedKeys.getManager().ones(new Shape(rows, 1), DataType.BOOLEAN);
        if (sortedKeys.getShape().get(1) == 1) {
            return first;
        }
        NDArray changed = sortedKeys.get(":, 1:").neq(sortedKeys.get(":, :-1"));
        return first.concat(changed, 1);
    }

    @Override
    public void close() {
        manager.close();
    }
}
