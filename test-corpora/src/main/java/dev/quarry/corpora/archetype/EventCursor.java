package dev.quarry.corpora.archetype;

import dev.quarry.ingest.InferenceEvent;
import java.util.Iterator;

/**
 * One client's position in its own event stream, as the corpus merge sees it: the time of the
 * next call is known before the call itself is built, so a merge over a million clients holds a
 * timestamp per client and builds an {@link InferenceEvent} only when it is due.
 *
 * <p>Contract: {@link #peekTime()} is idempotent until {@link #next()}; it returns
 * {@link Long#MAX_VALUE} once the stream is exhausted. Not thread-safe.
 */
public interface EventCursor extends Iterator<InferenceEvent> {

    /** Event time of the next call, or {@link Long#MAX_VALUE} when there is none. */
    long peekTime();
}
