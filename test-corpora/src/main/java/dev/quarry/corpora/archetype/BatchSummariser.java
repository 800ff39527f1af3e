package dev.quarry.corpora.archetype;

import dev.quarry.corpora.text.SupportTickets;
import dev.quarry.corpora.source.Sources;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code batch_summariser}: an enterprise job that summarises every support ticket for a
 * weekly report. It is the benign look-alike of a templated distiller: one fixed instruction
 * template at high volume around the clock, but with long, varied inputs, temperature 0 and short
 * outputs (20-60 tokens), at a machine cadence (per client a fixed period of 4-60 s, log-uniform, with 3% jitter).
 *
 * <p>Stateless and thread-safe; the iterators it returns are not.
 */
public final class BatchSummariser implements Archetype {
    /** The fixed instruction; the ticket body follows it. */
    public static final String TEMPLATE =
            "Summarise the following support ticket in one sentence for the weekly report:\n\n";

    @Override
    public String name() {
        return "batch_summariser";
    }

    @Override
    public Label label() {
        return Label.BENIGN;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis);
    }

    private static final class Stream extends ClientStream {
        private final long periodMillis;
        private final String model;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis) {
            super(client, rng, startMillis, endMillis);
            this.periodMillis = PerClient.logUniformLong(rng, 4_000, 60_000);
            this.model = rng.nextBoolean() ? "orion-mini" : "orion-large";
            this.t = startMillis + rng.nextLong(periodMillis);
        }

        @Override
        protected long schedule() {
            long ts = t;
            t += Clock.jittered(rng, periodMillis, 0.03);
            return ts;
        }

        @Override
        protected InferenceEvent build(long ts) {
            SupportTickets.Ticket ticket = SupportTickets.next(rng);
            List<Message> messages = List.of(new Message("user", TEMPLATE + ticket.body()));
            int promptTokens = Tokens.of(messages);
            int completion = Math.max(20, Math.min(60, Tokens.of(ticket.summary()) + between(-4, 4)));
            long latency = 300 + promptTokens / 2 + completion * 15L;
            return emit(ts, Endpoint.CHAT_COMPLETIONS, model,
                    new RequestDraft().messages(messages).temperature(0.0).maxTokens(80).build(),
                    ok(ticket.summary(), null, "stop", promptTokens, completion, latency));
        }
    }
}
