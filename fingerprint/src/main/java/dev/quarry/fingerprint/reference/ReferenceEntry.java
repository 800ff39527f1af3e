package dev.quarry.fingerprint.reference;

import java.util.Objects;

/**
 * One item of a public prompt set as read from disk: its dataset, the dataset's kind and its
 * prompt text.
 *
 * @param source dataset name, e.g. {@code grade-school-math}
 * @param kind what the dataset is (benchmark, instruction set, conversations)
 * @param text the prompt text as published (not normalised)
 */
public record ReferenceEntry(String source, ReferenceKind kind, String text) {
    public ReferenceEntry {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    /** An item of a benchmark, the kind of a set {@code KINDS.tsv} does not list. */
    public ReferenceEntry(String source, String text) {
        this(source, ReferenceKind.BENCHMARK, text);
    }
}
