package dev.quarry.fingerprint.reference;

import java.util.Objects;

/**
 * One item of a public prompt set as read from disk: its dataset and its prompt text.
 *
 * @param source dataset name, e.g. {@code grade-school-math}
 * @param text the prompt text as published (not normalised)
 */
public record ReferenceEntry(String source, String text) {
    public ReferenceEntry {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
    }
}
