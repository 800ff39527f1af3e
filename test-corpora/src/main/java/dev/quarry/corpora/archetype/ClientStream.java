package dev.quarry.corpora.archetype;

import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceRequest;
import dev.quarry.ingest.InferenceResponse;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The lazy per-client cursor behind every archetype: subclasses say when the next call happens
 * ({@link #schedule()}) and, only when it is due, what it is ({@link #build}); this class numbers
 * the events, stamps the client's identity on them, stops at the end of the window and checks
 * that time never runs backwards. Not thread-safe.
 */
abstract class ClientStream implements EventCursor {
    protected final ClientProfile client;
    protected final SplittableRandom rng;
    protected final long startMillis;
    protected final long endMillis;

    private long seq;
    private long lastTs = Long.MIN_VALUE;
    private long due = UNSCHEDULED;
    private static final long UNSCHEDULED = Long.MIN_VALUE;

    ClientStream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis) {
        if (endMillis < startMillis) {
            throw new IllegalArgumentException("window ends before it starts");
        }
        this.client = client;
        this.rng = rng;
        this.startMillis = startMillis;
        this.endMillis = endMillis;
    }

    /**
     * Moves the client's clock to its next call and returns that call's time, at or after the
     * previous call, or {@link Long#MAX_VALUE} when the client has nothing more to send. A time at
     * or after {@code endMillis} also ends the stream. Draws only what the timing needs: the call
     * itself is drawn in {@link #build}, when it is due.
     */
    protected abstract long schedule();

    /** The call due at {@code ts}, the time {@link #schedule()} just returned. */
    protected abstract InferenceEvent build(long ts);

    @Override
    public final long peekTime() {
        if (due == UNSCHEDULED) {
            long ts = schedule();
            if (ts >= endMillis) {
                ts = Long.MAX_VALUE;
            } else if (ts < lastTs || ts < startMillis) {
                throw new IllegalStateException(client.clientId() + " went back in time at call " + seq);
            }
            due = ts;
        }
        return due;
    }

    @Override
    public final boolean hasNext() {
        return peekTime() != Long.MAX_VALUE;
    }

    @Override
    public final InferenceEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        long ts = due;
        due = UNSCHEDULED;
        lastTs = ts;
        InferenceEvent e = build(ts);
        if (e.tsMillis() != ts) {
            throw new IllegalStateException(client.clientId() + " built a call off its schedule");
        }
        return e;
    }

    /** An event of this client with the next sequence number. */
    protected final InferenceEvent emit(long ts, Endpoint endpoint, String model, InferenceRequest request,
            InferenceResponse response) {
        return new InferenceEvent(client.clientId() + "-" + seq++, ts, client.clientId(), client.orgId(),
                client.ip(), client.userAgent(), client.tlsFingerprint(), client.paymentFingerprint(), endpoint,
                model, request, response, Map.of());
    }

    /** A successful response. */
    protected static InferenceResponse ok(String text, int[] tokenIds, String finishReason, int promptTokens,
            int completionTokens, long latencyMs) {
        return new InferenceResponse(200, text, tokenIds, finishReason, promptTokens, completionTokens, null,
                latencyMs);
    }

    /** A failed call: no output, the prompt still counted, a quick answer. */
    protected static InferenceResponse failed(int status, int promptTokens, long latencyMs) {
        return new InferenceResponse(status, null, null, null, promptTokens, 0, null, latencyMs);
    }

    /** Uniform in {@code [from, to]}. */
    protected final int between(int from, int to) {
        return from + rng.nextInt(to - from + 1);
    }

    /** A successful response that also reports hidden reasoning tokens. */
    protected static InferenceResponse okReasoning(String text, String finishReason, int promptTokens,
            int completionTokens, int reasoningTokens, long latencyMs) {
        return new InferenceResponse(200, text, null, finishReason, promptTokens, completionTokens, reasoningTokens,
                latencyMs);
    }

    /** Calls made so far. */
    protected final long calls() {
        return seq;
    }
}
