package dev.quarry.fingerprint.reference;

import java.util.Map;
import java.util.Optional;

/**
 * Finds the item of a public prompt set (benchmark, instruction set, conversations) a prompt
 * repeats, if any; the match names the set and its {@link ReferenceKind kind}. Implementations
 * are thread-safe: one instance is shared by every stream thread.
 */
public interface ReferenceLookup {

    /** The item {@code promptText} repeats (possibly wrapped in instructions), or empty. */
    Optional<ReferenceMatch> find(String promptText);

    /** Number of items that can be matched; 0 for {@link #none()}. */
    int size();

    /** Items per source dataset; the denominator of a dataset's coverage. */
    default Map<String, Integer> sourceSizes() {
        return Map.of();
    }

    /** The kind of each source dataset. */
    default Map<String, ReferenceKind> sourceKinds() {
        return Map.of();
    }

    /**
     * The set a walk over item {@code id} (a {@link ReferenceMatch#id()}) is counted in: of the
     * benchmark and instruction sets that publish the item, the one that publishes the most
     * items. A compilation is walked as a whole: AlpacaEval publishes items of Self-Instruct,
     * Vicuna, Koala, Open-Assistant and hh-rlhf, and a fleet splitting AlpacaEval between its
     * accounts walks those too, though a single prompt repeating one of them is attributed to its
     * most innocent source ({@link ReferenceMatch#source()}). Empty when only conversation sets
     * publish the item.
     */
    default Optional<String> walkSet(int id) {
        return Optional.empty();
    }

    /** Items counted in each walk set ({@link #walkSet}). */
    default Map<String, Integer> walkSetSizes() {
        return Map.of();
    }

    /** A lookup that matches nothing: what runs when no reference directory is configured. */
    static ReferenceLookup none() {
        return Empty.INSTANCE;
    }

    /** The lookup that matches nothing. */
    enum Empty implements ReferenceLookup {
        INSTANCE;

        @Override
        public Optional<ReferenceMatch> find(String promptText) {
            return Optional.empty();
        }

        @Override
        public int size() {
            return 0;
        }
    }
}
