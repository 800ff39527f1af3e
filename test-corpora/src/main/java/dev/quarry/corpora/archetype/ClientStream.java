package dev.quarry.corpora.archetype;

import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceRequest;
import dev.quarry.ingest.InferenceResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The lazy per-client iterator behind every archetype: subclasses compute one call at a time in
 * {@link #advance()}; this class numbers the events, stamps the client's identity on them, stops
 * at the end of the window and checks that time never runs backwards. Not thread-safe.
 */
abstract class ClientStream implements Iterator<InferenceEvent> {
    protected final ClientProfile client;
    protected final SplittableRandom rng;
    protected final long startMillis;
    protected final long endMillis;

    private long seq;
    private long lastTs = Long.MIN_VALUE;
    private InferenceEvent pending;
    private boolean finished;

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
     * The client's next call, at or after the previous one, or null when the client has nothing
     * more to send. A call at or after {@code endMillis} also ends the stream.
     */
    protected abstract InferenceEvent advance();

    @Override
    public final boolean hasNext() {
        if (pending == null && !finished) {
            InferenceEvent e = advance();
            if (e == null || e.tsMillis() >= endMillis) {
                finished = true;
            } else {
                if (e.tsMillis() < lastTs || e.tsMillis() < startMillis) {
                    throw new IllegalStateException(client.clientId() + " went back in time: " + e.eventId());
                }
                lastTs = e.tsMillis();
                pending = e;
            }
        }
        return pending != null;
    }

    @Override
    public final InferenceEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        InferenceEvent e = pending;
        pending = null;
        return e;
    }

    /** An event of this client with the next sequence number. */
    protected final InferenceEvent emit(long ts, Endpoint endpoint, String model, InferenceRequest request,
            InferenceResponse response) {
        return new InferenceEvent(client.clientId() + "-" + seq++, ts, client.clientId(), client.orgId(),
                client.ip(), client.userAgent(), client.tlsFingerprint(), null, endpoint, model, request,
                response, Map.of());
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
}
