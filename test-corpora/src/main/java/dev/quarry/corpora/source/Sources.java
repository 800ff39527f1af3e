package dev.quarry.corpora.source;

import dev.quarry.corpora.watermark.WatermarkedResponses;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where generated traffic takes its text and its benign timing from: external public data when
 * {@code --text-source} / {@code --timing-source} name a directory, else the built-in phrase banks
 * and parametric timing; and, with {@code --watermark-key}, the provider's watermark on responses
 * (null without it). Immutable and thread-safe.
 */
public record Sources(PromptSource prompts, TimingSource timing, WatermarkedResponses watermark) {
    private static final Sources BUILT_IN = new Sources(PromptSource.none(), TimingSource.none());

    public Sources {
        Objects.requireNonNull(prompts, "prompts");
        Objects.requireNonNull(timing, "timing");
    }

    /** Sources without a watermark. */
    public Sources(PromptSource prompts, TimingSource timing) {
        this(prompts, timing, null);
    }

    /** These sources, with responses watermarked by {@code watermark}. */
    public Sources withWatermark(WatermarkedResponses watermark) {
        return new Sources(prompts, timing, watermark);
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
