package dev.quarry.detectors.detector;

import dev.quarry.fingerprint.Hashing;
import dev.quarry.ingest.Message;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * The user turns one client sent lately, to tell a continued conversation from a step of a
 * trajectory that was started somewhere else. A chat turn or an agent step carries its
 * conversation's earlier user messages again, and the client sent each of them before as the new
 * turn of an earlier request (an app that trims old turns keeps later ones, also sent before). A
 * request that carries earlier assistant or tool turns under a first user message this client
 * never sent as a new turn is an unopened step: the state of someone else's trajectory (a
 * student's rollout, a recorded dataset conversation) sent for the teacher to act on, the expert
 * relabelling of DAgger (Ross et al. 2011) that agent distillation uses. Every state relabelled
 * from one task counts, however many are sent: the task itself is never sent as a new turn.
 *
 * <p>A request whose earlier turns are exactly those of the client's previous request, under a
 * new turn sent now, is a fixed exemplar block (an evaluation harness sending its few-shot
 * examples as chat turns), not an unopened step.
 *
 * <p>Each user turn sent now is kept as a 16-bit hash in two RoaringBitmap generations
 * of at most {@value #GENERATION} each (about 2 KiB each): the older is dropped when the newer
 * fills, so the last 1,024 to 2,048 distinct turns are remembered. A product with more than that
 * between a conversation's turns sees it as unopened; a hash collision (under 3% at a full
 * generation) hides an unopened step, never invents one. For {@code warmupMillis} of event time
 * after the first request nothing counts as unopened: conversations that were already running when
 * Quarry started watching are not evidence. Logs sampled per request break the premise (most
 * turns' earlier requests are missing): see the operations guide.
 *
 * <p>Not thread-safe; confined to the stream thread that owns the client's state.
 */
final class OpenedConversations {
    /** Conversations per generation. */
    static final int GENERATION = 1_024;
    private static final String ASSISTANT = "assistant";
    private static final String TOOL = "tool";
    private RoaringBitmap current = new RoaringBitmap();
    private RoaringBitmap previous = new RoaringBitmap();
    private long since = Long.MIN_VALUE;
    private long lastPrefix;

    /**
     * Records the user turn the request sends now, if any, and says whether the request is an
     * unopened step: earlier assistant or tool turns under a first user message this client never
     * sent as a new turn, after the warm-up.
     *
     * <p>The newest user message is sent now when nothing follows it but, at most, one assistant
     * message (a prefilled start of the answer). A request that ends in tool results or carries
     * a finished exchange resends turns from before.
     */
    boolean orphanStep(List<Message> messages, long ts, long warmupMillis) {
        if (messages == null || messages.isEmpty()) {
            return false;
        }
        if (since == Long.MIN_VALUE) {
            since = ts;
        }
        int first = -1;
        int last = -1;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).isUser()) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return false;
        }
        int after = messages.size() - 1 - last;
        boolean sentNow = after == 0 || (after == 1 && ASSISTANT.equals(messages.get(last + 1).role()));
        boolean history = !sentNow;
        for (int i = first + 1; i < last && !history; i++) {
            String role = messages.get(i).role();
            history = ASSISTANT.equals(role) || TOOL.equals(role);
        }
        // A fixed block of earlier turns before a new turn, the same as the last request's, is an
        // evaluation harness's exemplars sent as chat turns (lm-evaluation-harness with its few-shot
        // examples as a multi-turn chat), not a trajectory: a relabelled trajectory's state grows
        // step by step, and it ends in the state, not in a turn sent now.
        long prefix = sentNow && history ? prefixHash(messages, last) : 0;
        boolean exemplars = prefix != 0 && prefix == lastPrefix;
        lastPrefix = prefix;
        boolean unopened = history && !exemplars && !known(hash(messages.get(first))) && ts - since >= warmupMillis;
        int newest = hash(messages.get(last));
        if (sentNow && !known(newest)) {
            if (current.getCardinality() >= GENERATION) {
                previous = current;
                current = new RoaringBitmap();
            }
            current.add(newest);
        }
        return unopened;
    }

    /** A non-zero hash of the messages before {@code last}, roles and contents. */
    private static long prefixHash(List<Message> messages, int last) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < last; i++) {
            h = Hashing.mix64(h ^ Hashing.hash64(messages.get(i).role()) ^ (31 * Hashing.hash64(messages.get(i).content())));
        }
        return h == 0 ? 1 : h;
    }

    /** The hash of the earlier turns of the latest request that sent a new turn under them, or 0. */
    long lastPrefix() {
        return lastPrefix;
    }

    /** Restores {@link #lastPrefix()} (state written before it was kept has 0: none). */
    void lastPrefix(long prefix) {
        this.lastPrefix = prefix;
    }

    private boolean known(int h) {
        return current.contains(h) || previous.contains(h);
    }

    private static int hash(Message m) {
        return (int) (Hashing.mix64(Hashing.hash64(m.content())) & 0xFFFF);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(since);
        current.runOptimize();
        current.serialize(out);
        previous.runOptimize();
        previous.serialize(out);
    }

    static OpenedConversations read(DataInput in) throws IOException {
        OpenedConversations c = new OpenedConversations();
        c.since = in.readLong();
        c.current.deserialize(in);
        c.previous.deserialize(in);
        return c;
    }
}
