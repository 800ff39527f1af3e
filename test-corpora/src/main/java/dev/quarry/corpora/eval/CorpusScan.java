package dev.quarry.corpora.eval;

import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.ParseResult;
import dev.quarry.ingest.ReplayRecord;
import dev.quarry.ingest.ReplaySource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over the events file, in event-time order as the replay reads it: each client's first
 * event time and event count (for time to detection), and every baseline's score trace. Invalid
 * lines are skipped, as the topology dead-letters them. Not thread-safe.
 */
public final class CorpusScan {

    /**
     * What the pass saw. {@code traces} maps baseline name to client id to its trace.
     */
    public record Result(long events, Map<String, Long> firstEventTs, Map<String, Long> eventCounts,
            Map<String, Map<String, ScoreTrace>> traces) {
    }

    private CorpusScan() {
    }

    public static Result scan(Path events, List<Baseline> baselines) throws IOException {
        Map<String, Long> first = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        Map<String, Map<String, ScoreTrace>> traces = new LinkedHashMap<>();
        for (Baseline b : baselines) {
            traces.put(b.name(), new HashMap<>());
        }
        long n = 0;
        try (ReplaySource source = new ReplaySource(List.of(events), new EventParser(256))) {
            while (source.hasNext()) {
                ReplayRecord r = source.next();
                if (!(r.result() instanceof ParseResult.Valid v)) {
                    continue;
                }
                InferenceEvent e = v.event();
                n++;
                first.putIfAbsent(e.clientId(), e.tsMillis());
                counts.merge(e.clientId(), 1L, Long::sum);
                for (Baseline b : baselines) {
                    traces.get(b.name()).computeIfAbsent(e.clientId(), k -> new ScoreTrace(b.verdict())).append(e.tsMillis(), b.score(e));
                }
            }
        }
        return new Result(n, first, counts, traces);
    }
}
