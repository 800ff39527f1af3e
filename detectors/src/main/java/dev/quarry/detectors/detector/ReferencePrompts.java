package dev.quarry.detectors.detector;

import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.fingerprint.reference.ReferenceMatch;
import dev.quarry.ingest.InferenceEvent;
import java.util.Optional;

/**
 * The public reference item an event's prompt repeats, looked up once per event and shared by
 * every detector and the cluster side through the event's features ({@link PromptFeatures#derived},
 * keyed by the lookup itself). One provenance decision per prompt: {@code benchmark_harvesting}
 * counts a matched prompt, {@code capability_coverage} leaves it to that detector instead of
 * counting the benchmark's breadth a second time, and the dataset-split side pools matched items
 * across clients. Stateless.
 */
public final class ReferencePrompts {
    private ReferencePrompts() {}

    /** The item the event's user text repeats, or empty (also when the lookup holds no sets). */
    public static Optional<ReferenceMatch> find(ReferenceLookup reference, InferenceEvent event,
            PromptFeatures features) {
        if (reference.size() == 0) {
            return Optional.empty();
        }
        return features.derived(reference, () -> reference.find(event.request().userText()));
    }

    /**
     * The item a harvested prompt repeats: a match to a benchmark or instruction set (conversation
     * sets hold questions real users type) by a request that is not a judging request (an
     * evaluation team judging MT-bench answers quotes MT-bench; {@code reward_harvesting} sees it).
     */
    public static Optional<ReferenceMatch> harvested(ReferenceLookup reference, InferenceEvent event,
            PromptFeatures features) {
        if (reference.size() == 0 || JudgeRequest.of(event, features) != null) {
            return Optional.empty();
        }
        return find(reference, event, features).filter(m -> m.kind().harvested());
    }

    /**
     * An item of a public set walked by a harvested prompt, counted in its walk set
     * ({@link ReferenceLookup#walkSet}).
     *
     * @param set the walk set
     * @param item the item's id in the lookup
     * @param setSize items counted in the walk set
     */
    public record WalkedItem(String set, int item, int setSize) {}

    /**
     * The item the prompt walks, in the set a walk of it is counted in: as {@link #harvested}, but
     * an item that a benchmark or instruction set publishes counts however a single prompt
     * repeating it is attributed (a compilation's items drawn from conversation sets, AlpacaEval's
     * from Open-Assistant, are walked with the compilation).
     */
    public static Optional<WalkedItem> walked(ReferenceLookup reference, InferenceEvent event,
            PromptFeatures features) {
        if (reference.size() == 0 || JudgeRequest.of(event, features) != null) {
            return Optional.empty();
        }
        return find(reference, event, features).flatMap(m -> reference.walkSet(m.id())
                .map(set -> new WalkedItem(set, m.id(), reference.walkSetSizes().getOrDefault(set, 0))));
    }
}
