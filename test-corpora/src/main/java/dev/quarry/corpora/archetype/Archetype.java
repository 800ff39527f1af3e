package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.Sources;
import dev.quarry.ingest.InferenceEvent;
import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * A kind of client whose traffic the corpus generator can simulate: it turns one client's
 * identity and random generator into that client's stream of calls.
 *
 * <p>Contract for {@link #open}: the cursor is lazy (it holds the state of one client, never the
 * whole stream, and builds a call only when asked for it); timestamps are non-decreasing and lie
 * in {@code [startMillis, endMillis)}; event ids are {@code <client_id>-<seq>} with {@code seq}
 * counting from 0; every event satisfies the inference-event v1 contract; and the stream depends
 * only on the arguments, so the same profile, generator state and sources give the same events.
 * Implementations are stateless and thread-safe; the cursors they return are not.
 */
public interface Archetype {

    /** The archetype's name in {@code labels.csv}, e.g. {@code chat_user}. */
    String name();

    /** Whether clients of this archetype are attackers. */
    Label label();

    /**
     * The client's calls in {@code [startMillis, endMillis)}.
     *
     * @param rng the client's own generator; the cursor takes ownership of it
     * @param sources external text and timing, or {@link Sources#builtIn()}
     */
    EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources);

    /** {@link #open} with the built-in sources, as an iterator. */
    default Iterator<InferenceEvent> events(ClientProfile client, SplittableRandom rng, long startMillis,
            long endMillis) {
        return open(client, rng, startMillis, endMillis, Sources.builtIn());
    }
}
