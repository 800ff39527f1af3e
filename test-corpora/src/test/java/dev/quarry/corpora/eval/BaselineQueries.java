package dev.quarry.corpora.eval;

import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;

/** Queries the baseline tests feed: one client's prompt at a time offset, and varied natural questions. */
final class BaselineQueries {
    private static final long T0 = 1_700_000_000_000L;
    private static final String[] WORDS = {"river", "garden", "violin", "harbour", "tax", "quantum", "bread", "glacier",
        "novel", "engine", "chess", "orbit", "pepper", "ladder", "census", "falcon", "mosaic", "tundra", "velvet",
        "walnut", "yacht", "zephyr", "anchor", "basil", "cactus"};

    private BaselineQueries() {}

    static InferenceEvent query(String client, long ts, String text) {
        return EventBuilder.event(client + "-" + ts).client(client).at(T0 + ts).user(text).build();
    }

    /** A different, natural-looking question each time. */
    static String varied(int i) {
        return "could you tell me about the " + WORDS[i % WORDS.length] + " and why " + WORDS[(i * 7 + 3) % WORDS.length]
                + " matters for " + WORDS[(i * 11 + 5) % WORDS.length] + " number " + (i * 37 % 101);
    }
}
