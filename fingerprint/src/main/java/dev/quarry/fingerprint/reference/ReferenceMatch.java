package dev.quarry.fingerprint.reference;

import java.util.Objects;

/**
 * A prompt found to (nearly) repeat one item of a public reference set.
 *
 * @param source the dataset the item comes from (the top-level folder or file it was read from)
 * @param kind the dataset's kind
 * @param id the item's id, unique within one {@link ReferenceIndex} and stable for the same files
 * @param similarity the exact Jaccard similarity of the word-bigram sets of the matched prompt span
 *     and the item, in (0, 1]
 */
public record ReferenceMatch(String source, ReferenceKind kind, int id, double similarity) {
    public ReferenceMatch {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        if (!(similarity > 0 && similarity <= 1)) {
            throw new IllegalArgumentException("similarity must be in (0, 1]: " + similarity);
        }
    }

    /** A match to an item of a benchmark, the kind of a set {@code KINDS.tsv} does not list. */
    public ReferenceMatch(String source, int id, double similarity) {
        this(source, ReferenceKind.BENCHMARK, id, similarity);
    }
}
