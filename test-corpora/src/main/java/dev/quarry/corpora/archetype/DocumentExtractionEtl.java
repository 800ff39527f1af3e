package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.Personas;
import dev.quarry.corpora.text.SupportTickets;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code document_extraction_etl}: an ETL job that turns business documents (invoices,
 * contracts, resumes, support tickets, purchase orders) into structured JSON with an LLM, the
 * information-extraction use of Agrawal et al. 2022 ("Large language models are few-shot clinical
 * information extractors") and of the structured-output / JSON-mode features providers document:
 * one fixed instruction with the JSON schema, one document per call, temperature 0, JSON outputs
 * of tens to hundreds of tokens, at machine pace and volume, often in a nightly or office-hours
 * window.
 *
 * <p>Per client: the document kind and its schema (several phrasings), with or without a worked
 * example in the prompt; documents of 5-80 lines; output median 60-900 tokens; gap 2-90 s in
 * {@link ActiveHours#machine} hours.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class DocumentExtractionEtl implements Archetype {
    private static final String[][] KINDS = {
        {"invoice", "{\"invoice_number\": string, \"date\": string, \"vendor\": string, \"total\": number, "
                + "\"currency\": string, \"line_items\": [{\"description\": string, \"quantity\": number, "
                + "\"unit_price\": number}]}"},
        {"contract", "{\"parties\": [string], \"effective_date\": string, \"term_months\": number, "
                + "\"governing_law\": string, \"termination_notice_days\": number, \"auto_renewal\": boolean}"},
        {"resume", "{\"name\": string, \"email\": string, \"skills\": [string], \"years_experience\": number, "
                + "\"education\": [{\"degree\": string, \"institution\": string}]}"},
        {"support ticket", "{\"product\": string, \"category\": string, \"severity\": \"low\"|\"medium\"|\"high\", "
                + "\"customer_sentiment\": string, \"action_items\": [string]}"},
        {"purchase order", "{\"po_number\": string, \"buyer\": string, \"ship_to\": string, \"items\": "
                + "[{\"sku\": string, \"qty\": number}], \"delivery_date\": string}"}};
    private static final List<String> INSTRUCTIONS = List.of(
            "Extract the following fields from the %s below and return only valid JSON matching this schema:\n%s",
            "You are a data extraction service. Read the %s and output a JSON object with exactly these keys "
                    + "(use null when a value is missing):\n%s",
            "Parse this %s. Respond with JSON only, no prose. Schema: %s");
    private static final String[] VENDORS = {"Globex Ltd", "Initech GmbH", "Umbrella Supplies", "Stark Parts Inc",
        "Wayne Logistics", "Hooli Services", "Vandelay Imports"};
    private static final String[] ITEMS = {"Consulting hours", "Laptop stand", "Cloud storage (1 TB)", "Office chairs",
        "Annual licence", "Shipping", "Printer toner", "Training workshop"};

    @Override
    public String name() {
        return "document_extraction_etl";
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
        private final int kind;
        private final String instruction;
        private final boolean inSystem;
        private final String example;
        private final int maxLines;
        private final OutputLength length;
        private final String model;
        private final long gapMillis;
        private final double jitter;
        private final ActiveHours hours;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis) {
            super(client, rng, startMillis, endMillis);
            this.kind = rng.nextInt(KINDS.length);
            this.instruction = Wording.draw(rng, 0.3).apply(String.format(PerClient.pick(rng, INSTRUCTIONS),
                    KINDS[kind][0], KINDS[kind][1]));
            this.inSystem = rng.nextBoolean();
            this.example = rng.nextInt(3) == 0 ? "\n\nExample output:\n" + KINDS[kind][1]
                    .replace("string", "\"...\"").replace("number", "0").replace("boolean", "false") : "";
            this.maxLines = 5 + rng.nextInt(76);
            this.length = OutputLength.draw(rng, 60, 900, 15, 3_000);
            this.model = rng.nextInt(3) == 0 ? Models.LARGE : Models.MINI;
            this.gapMillis = PerClient.logUniformLong(rng, 2_000, 90_000);
            this.jitter = PerClient.uniform(rng, 0.05, 0.9);
            this.hours = ActiveHours.machine(rng);
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            t = hours.next(rng, t, endMillis, gapMillis, jitter, client.utcOffsetMinutes());
            return t;
        }

        private String document() {
            int lines = between(5, maxLines);
            StringBuilder sb = new StringBuilder(lines * 50);
            switch (kind) {
                case 0, 4 -> {
                    sb.append(PerClient.pick(rng, VENDORS)).append("\nINVOICE / ORDER No. ").append(10_000 + rng.nextInt(90_000))
                            .append("\nDate: 2026-").append(1 + rng.nextInt(12)).append('-').append(1 + rng.nextInt(28))
                            .append('\n');
                    for (int i = 0; i < lines; i++) {
                        sb.append(PerClient.pick(rng, ITEMS)).append("  x").append(1 + rng.nextInt(20)).append("  ")
                                .append(5 + rng.nextInt(900)).append('.').append(rng.nextInt(100)).append(" EUR\n");
                    }
                }
                case 1 -> {
                    sb.append("SERVICES AGREEMENT between ").append(PerClient.pick(rng, VENDORS)).append(" and ")
                            .append(PerClient.pick(rng, VENDORS)).append(".\n");
                    for (int i = 0; i < lines; i++) {
                        sb.append(i + 1).append(". ").append(PerClient.pick(rng, "The term of this Agreement is ",
                                "Either party may terminate with notice of ", "This Agreement renews for ",
                                "Fees are payable within ")).append(1 + rng.nextInt(36)).append(" months.\n");
                    }
                }
                case 2 -> {
                    sb.append(Personas.persona(rng.nextLong())).append("\nEmail: candidate").append(rng.nextInt(9999))
                            .append("@example.com\n");
                    for (int i = 0; i < lines; i++) {
                        sb.append("- ").append(2010 + rng.nextInt(16)).append(": ").append(PerClient.pick(rng,
                                "Led a team of 6 engineers", "Built the billing pipeline in Go",
                                "MSc Computer Science, University of Lisbon", "Reduced costs by 20%",
                                "Python, SQL, Kubernetes")).append('\n');
                    }
                }
                default -> sb.append(SupportTickets.next(rng).body());
            }
            return sb.toString();
        }

        @Override
        protected InferenceEvent build(long ts) {
            String doc = document();
            List<Message> messages = inSystem
                    ? List.of(new Message("system", instruction + example), new Message("user", doc))
                    : List.of(new Message("user", instruction + example + "\n\n---\n" + doc));
            int completion = length.capped(length.next(rng));
            return emit(ts, Endpoint.CHAT_COMPLETIONS, model,
                    new RequestDraft().messages(messages).temperature(0.0).maxTokens(length.maxTokens()).build(),
                    ok("{\"" + KINDS[kind][1].substring(2, KINDS[kind][1].indexOf('"', 2)) + "\": ...}", null,
                            length.finish(completion, "stop"), Tokens.of(messages), completion,
                            200 + completion * (long) between(8, 16)));
        }
    }
}
