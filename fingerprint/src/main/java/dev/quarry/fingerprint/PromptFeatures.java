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
 * detectors that never ask for them cost nothing. Not thread-safe (one instance per event, on one
 * stream thread; {@link #recalled} shares the text's part only within the thread).
 */
public final class PromptFeatures {
    private static final TextEncoder DEFAULT_ENCODER = new HashingEncoder();
    /** Longest user text {@link #recalled} keeps. */
    static final int RECALLED_CHARS = 2_048;
    /** Slots of {@link #recalled}'s per-thread cache: a power of two. */
    static final int RECALLED_SLOTS = 2_048;
    private static final ThreadLocal<Text[]> RECENT = ThreadLocal.withInitial(() -> new Text[RECALLED_SLOTS]);
    private final Text t;
    private Map<Object, Object> derived;

    private PromptFeatures(Text t) {
        this.t = t;
    }

    /**
     * What these features compute from the user text alone, with a hasher and an encoder: equal
     * for every event of the same text, so {@link #recalled} can hand one to the next such event.
     */
    private static final class Text {
        final String source;
        final String normalised;
        final String skeleton;
        final MinHasher hasher;
        final TextEncoder encoder;
        final int words;
        long textHash;
        boolean textHashed;
        int[] signature;
        float[] embedding;

        Text(String source, MinHasher hasher, TextEncoder encoder) {
            this.source = source;
            this.normalised = TextNormaliser.normalise(source);
            this.skeleton = TemplateSkeleton.ofNormalised(normalised);
            this.hasher = hasher;
            this.encoder = encoder;
            this.words = countWords(normalised);
        }
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
        return new PromptFeatures(new Text(request.userText(), hasher, encoder));
    }

    /**
     * As {@link #of(InferenceRequest, MinHasher, TextEncoder)}, sharing the text's normalised form,
     * skeleton, hash, signature and embedding with the latest earlier event of this thread with the
     * same user text (up to {@value #RECALLED_CHARS} characters), hasher and encoder, when it is
     * still in this thread's cache ({@value #RECALLED_SLOTS} slots, direct-mapped by the text's
     * {@link String#hashCode}): distillers and retries send one prompt again and again, and these
     * are pure functions of it. {@link #derived} values are never shared: they may depend on more
     * of the event than its user text. The stream threads' way in.
     */
    public static PromptFeatures recalled(InferenceRequest request, MinHasher hasher, TextEncoder encoder) {
        String text = request.userText();
        if (text.length() > RECALLED_CHARS) {
            return of(request, hasher, encoder);
        }
        Text[] recent = RECENT.get();
        int h = text.hashCode();
        int slot = (h ^ (h >>> 16)) & (RECALLED_SLOTS - 1);
        Text known = recent[slot];
        if (known == null || known.hasher != hasher || known.encoder != encoder || !known.source.equals(text)) {
            known = new Text(text, hasher, encoder);
            recent[slot] = known;
        }
        return new PromptFeatures(known);
    }

    /** The normalised user text. */
    public String normalised() {
        return t.normalised;
    }

    /** The user text with variable spans masked. */
    public String skeleton() {
        return t.skeleton;
    }

    /** Number of words of the normalised text. */
    public int words() {
        return t.words;
    }

    /**
     * 64-bit hash of the normalised text: equal for prompts that differ only trivially. Computed
     * on first use; most detectors ask for it.
     */
    public long textHash() {
        if (!t.textHashed) {
            t.textHash = Hashing.hash64(t.normalised);
            t.textHashed = true;
        }
        return t.textHash;
    }

    /** MinHash signature of the skeleton. Shared: callers must not modify it. */
    public int[] signature() {
        if (t.signature == null) {
            t.signature = t.hasher.signature(t.skeleton);
        }
        return t.signature;
    }

    /**
     * L2-normalised embedding of the normalised text, from the encoder these features were made
     * with. Shared: callers must not modify it.
     */
    public float[] embedding() {
        if (t.embedding == null) {
            t.embedding = t.encoder.encode(t.normalised);
        }
        return t.embedding;
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
        return t.encoder;
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
