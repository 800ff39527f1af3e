package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.CompanyTexts;
import dev.quarry.corpora.text.Typos;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code support_assistant}: a company's customer-support assistant, retrieval-augmented
 * (Lewis et al. 2020): a fixed system prompt, help-centre articles retrieved for the question, the
 * customer's question, and sometimes the earlier turns of the conversation. Customers ask the same
 * common questions again and again (password resets, invoices, refunds) and also type anything
 * (real user prompts from Open-Assistant and hh-rlhf when a text source is given). Customer
 * service is the most common deployed LLM use in enterprise surveys (e.g. McKinsey "The state of
 * AI", 2024). Many customers behind one key, so the volume is an app's, with a human's diurnal
 * shape.
 *
 * <p>Per client: the company and its system prompt (several phrasings, the client's
 * {@link Wording}); 1-5 retrieved articles of 3-12 sentences; the share of free-form questions
 * (10-50%); output median 80-900 tokens; temperature 0-0.7; peak gap 5 s to 5 minutes in office or
 * round-the-clock hours.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class SupportAssistant implements Archetype {
    /** Conversations open at once, which follow-ups continue. */
    private static final int OPEN_SESSIONS = 20;
    private static final List<String> SYSTEMS = List.of(
            "You are the customer support assistant for %s. Answer using only the help-centre articles provided. "
                    + "If the answer is not there, offer to connect the customer with a human agent. Be short and "
                    + "friendly.",
            "You are %s Support. Use the following knowledge base excerpts to help the customer. Quote the article "
                    + "title you used. Never invent policies.",
            "Role: support agent for %s.\nRules: be polite, be accurate, cite articles, escalate billing disputes.");

    @Override
    public String name() {
        return "support_assistant";
    }

    @Override
    public Label label() {
        return Label.BENIGN;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis, sources);
    }

    private static final class Stream extends ClientStream {
        /** The latest opening questions, the conversations a follow-up can continue. */
        private final List<String> asked = new ArrayList<>(OPEN_SESSIONS + 1);
        private final Sources sources;
        private final CompanyTexts.Company company;
        private final String system;
        private final int maxArticles;
        private final double freeFormShare;
        private final double followUpShare;
        private final OutputLength length;
        private final double temperature;
        private final String model;
        private final long gapMillis;
        private final ActiveHours hours;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.company = CompanyTexts.Company.draw(rng);
            this.system = Wording.draw(rng).apply(String.format(PerClient.pick(rng, SYSTEMS), company.product()));
            this.maxArticles = 1 + rng.nextInt(5);
            this.freeFormShare = PerClient.uniform(rng, 0.1, 0.5);
            this.followUpShare = PerClient.uniform(rng, 0.0, 0.4);
            this.length = OutputLength.draw(rng, 80, 900, 10, 3_000);
            this.temperature = PerClient.temperature(rng, 0.0, 0.7);
            this.model = rng.nextBoolean() ? Models.MINI : Models.LARGE;
            this.gapMillis = PerClient.logUniformLong(rng, 5_000, 300_000);
            this.hours = rng.nextBoolean() ? ActiveHours.office(rng)
                    : new ActiveHours(7, 23, false, PerClient.uniform(rng, 0.05, 0.4));
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            t = hours.next(rng, t, endMillis, gapMillis, 0.95, client.utcOffsetMinutes());
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            String question = rng.nextDouble() < freeFormShare ? sources.prompts().draw(PromptSet.CHAT, rng) : null;
            if (question == null) {
                question = CompanyTexts.commonQuestion(company, rng);
            }
            if (rng.nextInt(5) == 0) {
                question = Typos.introduce(question, rng);
            }
            StringBuilder retrieved = new StringBuilder(2_000);
            int articles = 1 + rng.nextInt(maxArticles);
            for (int i = 0; i < articles; i++) {
                retrieved.append(CompanyTexts.article(company, rng, between(3, 12))).append("\n\n");
            }
            List<Message> messages = new ArrayList<>(5);
            messages.add(new Message("system", system + "\n\nHelp-centre articles:\n" + retrieved.toString().strip()));
            if (!asked.isEmpty() && rng.nextDouble() < followUpShare) {
                // a customer following up in a conversation opened a little earlier
                messages.add(new Message("user", asked.get(rng.nextInt(asked.size()))));
                messages.add(new Message("assistant", "Thanks for reaching out! You can do this from Settings. "
                        + "Is there anything else I can help with?"));
            }
            if (messages.size() == 1) {
                asked.add(question);
                if (asked.size() > OPEN_SESSIONS) {
                    asked.remove(0);
                }
            }
            messages.add(new Message("user", question));
            int completion = length.capped(length.next(rng));
            return emit(ts, Endpoint.CHAT_COMPLETIONS, model,
                    new RequestDraft().messages(messages).temperature(temperature).maxTokens(length.maxTokens())
                            .stream(Boolean.TRUE).build(),
                    ok("Thanks for contacting " + company.product() + " support! ...", null,
                            length.finish(completion, "stop"), Tokens.of(messages), completion,
                            250 + completion * (long) between(10, 20)));
        }
    }
}
