package dev.quarry.detectors.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.fingerprint.MinHasher;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The prompt signatures every event's features carry, the {@code detection.signatures} section:
 * MinHash over the word bigrams of the prompt's skeleton ({@link dev.quarry.fingerprint.TemplateSkeleton}),
 * computed once per event ({@link dev.quarry.fingerprint.PromptFeatures#signature()}) and read by
 * several detectors: {@code templated_queries} joins templates on them, {@code launch_pivot}
 * compares a new model's prompts with the old workload, and the cluster side derives template
 * marks from them. What each of them needs of the signatures is stated by its section
 * ({@link SignatureUser}) and checked against {@link #slots} when the configuration is loaded
 * ({@link EnoughSignatureSlots}). Mutable bean bound from YAML and validated when loaded.
 */
public class SignatureConfig {
    public static final int DEFAULT_SLOTS = 64;
    public static final long DEFAULT_SEED = 0x51A2_77E5L;

    /**
     * MinHash slots per prompt signature: the estimate of a Jaccard similarity J has a standard
     * error of {@code sqrt(J(1-J)/slots)}. Default {@value #DEFAULT_SLOTS}.
     */
    @Min(1)
    @Max(1024)
    @JsonProperty
    private int slots = DEFAULT_SLOTS;
    /**
     * Seed of the MinHash family. Signatures of different seeds do not compare, so changing it
     * invalidates the template state stored per client. Default {@value #DEFAULT_SEED}.
     */
    @JsonProperty
    private long seed = DEFAULT_SEED;

    public int slots() {
        return slots;
    }

    public SignatureConfig slots(int slots) {
        this.slots = slots;
        return this;
    }

    public long seed() {
        return seed;
    }

    public SignatureConfig seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The MinHash family this section configures; immutable and thread-safe. */
    public MinHasher minHasher() {
        return new MinHasher(slots, seed);
    }

    /**
     * The fewest signature slots at which one equal slot alone stays under a similarity threshold
     * ({@code equal slots / slots >= similarity}): with fewer, any single chance collision of two
     * unrelated prompts already reaches it. 1 for a threshold of 0 or below, which every pair
     * reaches anyway.
     */
    public static int slotsToResolve(double similarity) {
        if (!(similarity > 0)) {
            return 1;
        }
        int k = 1;
        while (1.0 / k >= similarity && k <= 1024) {
            k++;
        }
        return k;
    }
}
