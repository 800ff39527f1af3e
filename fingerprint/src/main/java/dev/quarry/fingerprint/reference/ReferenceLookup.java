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
     * The set a walk over item {@code id} (a {@link ReferenceMatch#id()}) is counted in: the
     * item's own set ({@link ReferenceMatch#source()}) when that is a benchmark or instruction set;
     * for an item attributed to a conversation set, the largest benchmark or instruction set that
     * also publishes it. A compilation gathers real users' questions beside benchmark items
     * (AlpacaEval holds Open-Assistant and hh-rlhf prompts): a single prompt repeating one is
     * innocent, but a fleet splitting the compilation walks them too. A benchmark a compilation
     * also holds (Vicuna's questions in AlpacaEval) stays its own set: evaluation teams run it on
     * its own, and counted in the compilation such a run would look like one of a split's parts.
     * Empty when only conversation sets publish the item.
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
