package dev.quarry.corpora.archetype;

/**
 * The model names of the simulated provider, and the release of a new model inside the corpus
 * window: {@link #LAUNCHED} becomes available at {@link #launchTime}, {@value #LAUNCH_FRACTION} of
 * the way through the window. Stateless.
 */
public final class Models {
    /** The flagship model before the launch. */
    public static final String LARGE = "orion-large";
    /** The small, cheap model. */
    public static final String MINI = "orion-mini";
    /** A reasoning model that reports {@code reasoning_tokens}. */
    public static final String REASONING = "orion-reasoning";
    /** The model released during the window. */
    public static final String LAUNCHED = "orion-2";
    /** The embedding model behind the {@code embeddings} endpoint. */
    public static final String EMBED = "orion-embed";
    /** The small, cheap embedding model. */
    public static final String EMBED_SMALL = "orion-embed-small";
    /** Where in the window the new model is released. */
    public static final double LAUNCH_FRACTION = 0.4;

    private Models() {}

    /** Event time at which {@link #LAUNCHED} is released, for a window {@code [start, end)}. */
    public static long launchTime(long startMillis, long endMillis) {
        return startMillis + Math.round((endMillis - startMillis) * LAUNCH_FRACTION);
    }
}
