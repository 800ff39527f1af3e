package dev.quarry.fingerprint.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A {@link Tokenizer} over a HuggingFace {@code tokenizer.json}, through DJL's binding of the
 * Rust {@code tokenizers} library. The file is read from a local path: nothing is downloaded, so
 * a missing file fails at start-up rather than reaching for the network. Special tokens are not
 * added and nothing is truncated or padded: the ids are those of the text alone. Callers bound
 * the text they pass (tokenizing is linear in its length).
 *
 * <p>Thread-safe (the native tokenizer is immutable once loaded); {@link #close()} frees it.
 */
public final class HuggingFaceTokenIds implements Tokenizer {
    private static final Map<String, String> OPTIONS = Map.of(
            "addSpecialTokens", "false",
            "padding", "false",
            "truncation", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final String name;

    private HuggingFaceTokenIds(HuggingFaceTokenizer tokenizer, String name) {
        this.tokenizer = tokenizer;
        this.name = name;
    }

    /** Loads {@code tokenizer.json} (or a directory holding one) from the local file system. */
    public static HuggingFaceTokenIds load(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no tokenizer.json at " + path);
        }
        try {
            return new HuggingFaceTokenIds(HuggingFaceTokenizer.newInstance(file, OPTIONS), "huggingface:" + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer " + file, e);
        }
    }

    /** Loads a {@code tokenizer.json} from a stream (a classpath resource, in tests). */
    public static HuggingFaceTokenIds load(InputStream json) {
        try {
            return new HuggingFaceTokenIds(HuggingFaceTokenizer.newInstance(json, OPTIONS), "huggingface");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer", e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] encode(String text) {
        if (text == null || text.isEmpty()) {
            return new int[0];
        }
        Encoding encoding = tokenizer.encode(text, false, false);
        long[] ids = encoding.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
