package dev.quarry.corpora.archetype;

import dev.quarry.ingest.InferenceEvent;
import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * A kind of client whose traffic the corpus generator can simulate: it turns one client's
 * identity and random generator into that client's stream of calls.
 *
 * <p>Contract for {@link #events}: the iterator is lazy (it holds the state of one client, never
 * the whole stream); timestamps are non-decreasing and lie in {@code [startMillis, endMillis)};
 * event ids are {@code <client_id>-<seq>} with {@code seq} counting from 0; every event satisfies
 * the inference-event v1 contract; and the stream depends only on the arguments, so the same
 * profile and generator state give the same events. Implementations are stateless and
 * thread-safe; the iterators they return are not.
 */
public interface Archetype {

    /** The archetype's name in {@code labels.csv}, e.g. {@code chat_user}. */
    String name();

    /** Whether clients of this archetype are attackers. */
    Label label();

    /**
     * The client's calls in {@code [startMillis, endMillis)}.
     *
     * @param rng the client's own generator; the iterator takes ownership of it
     */
    Iterator<InferenceEvent> events(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis);
}
