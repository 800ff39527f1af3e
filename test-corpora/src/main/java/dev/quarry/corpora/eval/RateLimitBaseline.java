package dev.quarry.corpora.eval;

import dev.quarry.ingest.InferenceEvent;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-key rate limit every API already has: a client's score is its busiest hour so far, the
 * most requests it sent in any sliding one-hour window of event time. Holds one queue of event
 * times per client, bounded by its peak hourly rate.
 */
public final class RateLimitBaseline implements Baseline {
    private static final long HOUR_MILLIS = 3_600_000L;
    private final Map<String, ArrayDeque<Long>> windows = new HashMap<>();

    @Override
    public String name() {
        return "rate_limit";
    }

    @Override
    public String description() {
        return "per-key rate limit: requests in the client's busiest sliding hour";
    }

    @Override
    public double score(InferenceEvent event) {
        ArrayDeque<Long> w = windows.computeIfAbsent(event.clientId(), k -> new ArrayDeque<>());
        long ts = event.tsMillis();
        while (!w.isEmpty() && w.peekFirst() <= ts - HOUR_MILLIS) {
            w.pollFirst();
        }
        w.addLast(ts);
        return w.size();
    }
}
