package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.ChatPhrases;
import dev.quarry.corpora.text.CodeBank;
import dev.quarry.corpora.text.CustomerTexts;
import dev.quarry.corpora.text.Cuts;
import dev.quarry.corpora.text.Documents;
import dev.quarry.corpora.text.Personas;
import dev.quarry.corpora.text.StudyBank;
import dev.quarry.corpora.text.SupportTickets;
import dev.quarry.corpora.text.TaskBank;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import java.util.SplittableRandom;

/**
 * Attack {@code embedding_extractor}: steals an embedding model through the {@code embeddings}
 * endpoint, as in StolenEncoder (Liu et al. 2022, "StolenEncoder: Stealing Pre-trained Encoders
 * in Self-supervised Learning") and Dziedzic et al. 2022 ("On the Difficulty of Defending
 * Self-Supervised Learning against Model Extraction"; "Dataset Inference for Self-Supervised
 * Models"): a surrogate encoder is trained on the victim's embeddings of a large, diverse set of
 * public inputs. So the client sends huge numbers of distinct inputs drawn from public corpora
 * across every domain (chat, instructions, maths, exam questions, code, documents, tickets,
 * reviews, personas), sometimes cut into windows of varying size, one event per input (contract
 * v1: an embeddings call carries its text in {@code request.prompt}), at machine pace, around the
 * clock or in the operator's hours. A job may be spread over a few accounts (the roster's groups
 * of 2-6 members); each member walks its own inputs.
 *
 * <p>Per client: mean gap 3-60 s with 5-60% jitter, {@link ActiveHours#machine}, the embedding
 * model, the share of inputs cut into windows, and the mix of domains.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class EmbeddingExtractor implements Archetype {
    private static final PromptSet[] SETS = {PromptSet.CHAT, PromptSet.INSTRUCTIONS, PromptSet.GSM8K,
        PromptSet.MMLU, PromptSet.CODE, PromptSet.ALPACA_EVAL, PromptSet.MODEL_ANSWERS};

    @Override
    public String name() {
        return "embedding_extractor";
    }

    @Override
    public Label label() {
        return Label.ATTACK;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis, sources);
    }

    /** A public input from any domain. */
    static String input(Sources sources, SplittableRandom rng, double publicShare) {
        if (rng.nextDouble() < publicShare) {
            String t = sources.prompts().draw(SETS[rng.nextInt(SETS.length)], rng);
            if (t != null) {
                return t;
            }
        }
        return switch (rng.nextInt(9)) {
            case 0 -> ChatPhrases.opener(ChatPhrases.topic(rng.nextInt(ChatPhrases.topicCount())), rng);
            case 1 -> TaskBank.task(rng.nextInt(TaskBank.size()));
            case 2 -> StudyBank.wordProblem(rng);
            case 3 -> CodeBank.question(rng);
            case 4 -> Documents.context(rng, 1 + rng.nextInt(8)).strip();
            case 5 -> SupportTickets.next(rng).body();
            case 6 -> CustomerTexts.next(CustomerTexts.Task.values()[rng.nextInt(CustomerTexts.Task.values().length)],
                    rng).text();
            case 7 -> Personas.persona(rng.nextLong());
            default -> StudyBank.homework(rng);
        };
    }

    private static final class Stream extends ClientStream {
        private final Sources sources;
        private final String model;
        private final long gapMillis;
        private final double jitter;
        private final ActiveHours hours;
        private final double windowShare;
        private final double publicShare;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.model = rng.nextInt(3) == 0 ? Models.EMBED_SMALL : Models.EMBED;
            this.gapMillis = PerClient.logUniformLong(rng, 3_000, 60_000);
            this.jitter = PerClient.uniform(rng, 0.05, 0.6);
            this.hours = ActiveHours.machine(rng);
            this.windowShare = rng.nextDouble() * 0.5;
            this.publicShare = PerClient.uniform(rng, 0.3, 0.9);
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            t = hours.next(rng, t, endMillis, gapMillis, jitter, client.utcOffsetMinutes());
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            String text = input(sources, rng, publicShare);
            if (rng.nextDouble() < windowShare && text.length() > 80) {
                int from = rng.nextInt(text.length() / 2);
                text = Cuts.range(text, from, Math.min(text.length(), from + 40 + rng.nextInt(400))).strip();
                text = text.isEmpty() ? "empty" : text;
            }
            int prompt = Tokens.of(text);
            return emit(ts, Endpoint.EMBEDDINGS, model, new RequestDraft().prompt(text).build(),
                    ok(null, null, null, prompt, 0, between(15, 60) + prompt / 20));
        }
    }
}
