package dev.quarry.detectors.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What kind of evidence a detector's finding is. Fusion takes the strongest finding within a group
 * and combines groups, so two detectors that read the same evidence (the same templates, the same
 * request wording) count once.
 *
 * <p>A group is <em>specific</em> when its evidence is about distillation or extraction itself:
 * answers harvested from public datasets, a sweep of capabilities, the model's hidden reasoning or
 * logits, grading signals, an embedding model's outputs, training data the model is asked to create, coordinated accounts, our own watermark
 * fed back. The other groups are <em>supporting</em>: volume, automation, templates, request
 * style, query distribution and launch timing are what heavy legitimate products show too. An
 * alert reaches {@code medium} only with a specific group (see
 * {@link dev.quarry.detectors.fusion.AlertFusion}).
 *
 * <p>Client state stores a group by its ordinal: new groups go at the end.
 */
public enum EvidenceGroup {
    /** Prompts that repeat public benchmark or instruction sets, item after item. */
    PROVENANCE(true),
    /** Coverage of tasks and domains that keeps growing, beyond one product's domain. */
    CAPABILITY_SWEEP(true),
    /** Demands for the model's full, hidden chain of thought. */
    REASONING_EXTRACTION(true),
    /** {@code logit_bias} and {@code logprobs} probing of the output layer. */
    LOGIT_PROBING(true),
    /** Grading, pairwise comparison and ranking of candidate answers at volume. */
    REWARD_HARVESTING(true),
    /** An embedding model's outputs harvested over the whole input space. */
    EMBEDDING_EXTRACTION(true),
    /** Accounts linked to each other that act as one campaign. */
    COORDINATION(true),
    /** Prompts that carry the provider's own output watermark. */
    WATERMARK_ECHO(true),
    /** A watermarking endpoint that stopped watermarking (an endpoint alert, not a client's). */
    ENDPOINT_HEALTH(true),
    /** Request wording and output economics that distillation pipelines share with content products. */
    REQUEST_STYLE(false),
    /** Templates and near-duplicate queries: batch jobs and products fill templates too. */
    TEMPLATES(false),
    /** How the client's queries are spread (PRADA): tool loops and mixed workloads are not normal either. */
    QUERY_DISTRIBUTION(false),
    /**
     * Machine cadence and round-the-clock activity. It only corroborates: it counts beside another
     * group, never alone, since every batch job and product backend is automated.
     */
    AUTOMATION(false),
    /** A workload moved to a newly launched model. */
    LAUNCH_TIMING(false),
    /** Meta-prompts that have the model create training data, over seeds that keep changing. */
    DATA_SYNTHESIS(true);

    private final boolean specific;

    EvidenceGroup(boolean specific) {
        this.specific = specific;
    }

    /** True when this group counts only beside another group at or above the noise floor. */
    public boolean corroboratesOnly() {
        return this == AUTOMATION;
    }

    /**
     * True when this supporting group adds weight to {@code specific} evidence. A capability sweep
     * already scores the request wording ({@link #REQUEST_STYLE}'s scorer) and the machine pace
     * ({@link #AUTOMATION}) in its own score, so they would count twice; it measures how the
     * client's prompts spread over the embedding space, which is what {@link #QUERY_DISTRIBUTION}
     * (PRADA's distances to the nearest earlier prompt) reads too, so a broad stream would count
     * once as breadth and again as an unusual distance distribution; and a template filled with
     * ever new data ({@link #TEMPLATES}) is what a product looks like, one fixed task, which is the
     * opposite of a sweep across tasks. Every other pair corroborates.
     */
    public boolean corroborates(EvidenceGroup specific) {
        if (specific == CAPABILITY_SWEEP) {
            return this != REQUEST_STYLE && this != AUTOMATION && this != TEMPLATES && this != QUERY_DISTRIBUTION;
        }
        return true;
    }

    /** True when this group's evidence is about distillation or extraction itself. */
    public boolean specific() {
        return specific;
    }

    /** Lower-case wire name, as in alert JSON, e.g. {@code capability_sweep}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively. */
    @JsonCreator
    public static EvidenceGroup fromWireName(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
