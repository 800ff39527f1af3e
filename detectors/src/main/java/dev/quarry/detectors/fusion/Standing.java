package dev.quarry.detectors.fusion;

import dev.quarry.detectors.alert.EvidenceGroup;
import java.util.Objects;
import java.util.Set;

/**
 * What the operator has declared about a subject, from {@code fusion.allowList}: whether its
 * alerts are capped at {@code low} (a known evaluator or partner), and the use case it declared
 * ("content generation for org X"), whose expected evidence groups count as supporting evidence
 * for it. A declared use case narrows what counts as unusual without hiding anything else: a
 * content product declared for {@code capability_sweep} still alerts on logit probing or
 * benchmark provenance. Immutable.
 *
 * @param capped alerts capped at {@code low}
 * @param useCase the declared use case, or empty
 * @param expected evidence groups the use case explains
 */
public record Standing(boolean capped, String useCase, Set<EvidenceGroup> expected) {
    /** A subject nobody declared anything about. */
    public static final Standing NONE = new Standing(false, "", Set.of());
    /** An allow-listed subject without a declared use case. */
    public static final Standing CAPPED = new Standing(true, "", Set.of());

    public Standing {
        Objects.requireNonNull(useCase, "useCase");
        expected = Set.copyOf(expected);
    }

    /** {@link #CAPPED} or {@link #NONE}. */
    public static Standing of(boolean capped) {
        return capped ? CAPPED : NONE;
    }

    /** True when the group is distillation-specific for this subject. */
    boolean specific(EvidenceGroup group) {
        return group.specific() && !expected.contains(group);
    }
}
