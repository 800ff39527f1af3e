package dev.quarry.corpora.source;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where generated traffic takes its text and its benign timing from: external public data when
 * {@code --text-source} / {@code --timing-source} name a directory, else the built-in phrase banks
 * and parametric timing. Immutable and thread-safe.
 */
public record Sources(PromptSource prompts, TimingSource timing) {
    private static final Sources BUILT_IN = new Sources(PromptSource.none(), TimingSource.none());

    public Sources {
        Objects.requireNonNull(prompts, "prompts");
        Objects.requireNonNull(timing, "timing");
    }

    /** Built-in phrase banks and parametric timing only: what a fresh clone has. */
    public static Sources builtIn() {
        return BUILT_IN;
    }

    /** Sources from the given directories, either of which may be null. */
    public static Sources of(Path textDir, Path timingDir) {
        return new Sources(textDir == null ? PromptSource.none() : PromptSource.under(textDir),
                timingDir == null ? TimingSource.none() : TimingSource.under(timingDir));
    }
}
