package dev.quarry.fingerprint;

import dev.quarry.fingerprint.encoder.HashingEncoder;
import dev.quarry.fingerprint.encoder.TextEncoder;
import dev.quarry.ingest.InferenceRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Text features of one request, computed once per event and shared by every detector that looks
 * at prompt text. The MinHash signature and the embedding are computed on first use, so
 * detectors that never ask for them cost nothing. Not thread-safe (one instance per event, on one stream thread).
 */
public final class PromptFeatures {
    private static final TextEncoder DEFAULT_ENCODER = new HashingEncoder();
    private final String normalised;
    private final String skeleton;
    private final MinHasher hasher;
    private final TextEncoder encoder;
    private final int words;
    private long textHash;
    private boolean textHashed;
    private int[] signature;
    private float[] embedding;
    private Map<Object, Object> derived;

    private PromptFeatures(String normalised, String skeleton, MinHasher hasher, TextEncoder encoder) {
        this.normalised = normalised;
        this.skeleton = skeleton;
        this.hasher = hasher;
        this.encoder = encoder;
        this.words = countWords(normalised);
    }

    /**
     * Features of the request's user text (see {@link InferenceRequest#userText()}), embedded with
     * the default {@link HashingEncoder}.
     */
    public static PromptFeatures of(InferenceRequest request, MinHasher hasher) {
        return of(request, hasher, DEFAULT_ENCODER);
    }

    /** Features of the request's user text, embedded with {@code encoder}. */
    public static PromptFeatures of(InferenceRequest request, MinHasher hasher, TextEncoder encoder) {
        String normalised = TextNormaliser.normalise(request.userText());
        return new PromptFeatures(normalised, TemplateSkeleton.ofNormalised(normalised), hasher, encoder);
    }

    /** The normalised user text. */
    public String normalised() {
        return normalised;
    }

    /** The user text with variable spans masked. */
    public String skeleton() {
        return skeleton;
    }

    /** Number of words of the normalised text. */
    public int words() {
        return words;
    }

    /**
     * 64-bit hash of the normalised text: equal for prompts that differ only trivially. Computed
     * on first use; most detectors ask for it.
     */
    public long textHash() {
        if (!textHashed) {
            textHash = Hashing.hash64(normalised);
            textHashed = true;
        }
        return textHash;
    }

    /** MinHash signature of the skeleton. */
    public int[] signature() {
        if (signature == null) {
            signature = hasher.signature(skeleton);
        }
        return signature;
    }

    /**
     * L2-normalised embedding of the normalised text, from the encoder these features were made
     * with. Shared: callers must not modify it.
     */
    public float[] embedding() {
        if (embedding == null) {
            embedding = encoder.encode(normalised);
        }
        return embedding;
    }

    /**
     * A value that code outside this class derives from this event's prompt (a detector's cut of
     * it, a request score), computed on the first call for {@code key} and returned again to
     * every later caller with an equal key, so detectors that need the same thing share one
     * computation. Keys must identify everything the value depends on besides this prompt.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(Object key, Supplier<T> compute) {
        if (derived == null) {
            derived = new HashMap<>(4);
        }
        Object v = derived.get(key);
        if (v == null) {
            v = compute.get();
            derived.put(key, v);
        }
        return (T) v;
    }

    /** The encoder behind {@link #embedding()}. */
    public TextEncoder encoder() {
        return encoder;
    }

    /**
     * Words of normalised text: one more than its spaces, since {@link TextNormaliser#normalise}
     * leaves single spaces between words and none at either end. {@link String#indexOf(int, int)}
     * is a vectorised intrinsic; a loop over the characters took 1% of the detection thread.
     */
    private static int countWords(String normalised) {
        if (normalised.isEmpty()) {
            return 0;
        }
        int n = 1;
        for (int at = normalised.indexOf(' '); at >= 0; at = normalised.indexOf(' ', at + 1)) {
            n++;
        }
        return n;
    }
}
