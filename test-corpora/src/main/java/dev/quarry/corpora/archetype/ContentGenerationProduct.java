package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.CompanyTexts;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code content_generation_product}: a marketing-copy SaaS (the Jasper / Copy.ai kind of
 * product) calling the API on behalf of its customers: one fixed system prompt per product, a
 * templated brief per request (content type, the customer's product, audience, tone, keywords),
 * and long outputs, 700-2,600 tokens (blog posts, landing pages, newsletters, product
 * descriptions), at machine pace while its customers work. Long outputs, one template and
 * sustained volume, yet benign: a hard negative for the distillation families. Generative-AI
 * content production is among the most common enterprise uses in McKinsey's "The state of AI"
 * surveys (2023-2024).
 *
 * <p>Per client: the product's system prompt (several phrasings, the client's {@link Wording});
 * 20-200 of its customers, each with its own product and keywords; output median 700-2,600 tokens;
 * temperature 0.6-1.0 and sometimes {@code top_p}; peak gap 3 s to 2 minutes in office hours.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class ContentGenerationProduct implements Archetype {
    private static final List<String> SYSTEMS = List.of(
            "You are %s, an expert marketing copywriter. Write engaging, original, SEO-friendly content in the "
                    + "brand voice described by the user. Use headings and short paragraphs. Never mention that you "
                    + "are an AI.",
            "You are the writing engine of %s. Produce publication-ready marketing text that follows the brief "
                    + "exactly: content type, audience, tone and keywords. Output Markdown.",
            "%s content assistant. Write long-form, persuasive copy for small businesses. Be specific, avoid "
                    + "cliches, and end with a clear call to action.");
    private static final String[] TYPES = {"blog post", "landing page", "product description", "newsletter",
        "case study", "press release", "LinkedIn article", "FAQ page", "email sequence", "ebook chapter"};
    private static final String[] TONES = {"friendly", "professional", "playful", "authoritative", "warm",
        "bold", "minimalist"};
    private static final String[] AUDIENCES = {"small business owners", "first-time home buyers", "IT managers",
        "busy parents", "fitness beginners", "HR leaders", "online shoppers", "developers", "retirees",
        "students"};
    private static final String[] APPS = {"Copyloom", "Wordsmithy", "BrandQuill", "Scribeflow", "Adverb AI"};

    @Override
    public String name() {
        return "content_generation_product";
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
        private final String system;
        private final CompanyTexts.Company[] customers;
        private final OutputLength length;
        private final double temperature;
        private final Double topP;
        private final String model;
        private final long gapMillis;
        private final ActiveHours hours;
        private final String briefTemplate;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis) {
            super(client, rng, startMillis, endMillis);
            Wording words = Wording.draw(rng);
            this.system = words.apply(String.format(PerClient.pick(rng, SYSTEMS), PerClient.pick(rng, APPS)));
            this.customers = new CompanyTexts.Company[(int) PerClient.logUniformLong(rng, 20, 200)];
            for (int i = 0; i < customers.length; i++) {
                customers[i] = CompanyTexts.Company.draw(rng);
            }
            this.length = OutputLength.draw(rng, 700, 2_600, 300, 4_000);
            this.temperature = PerClient.temperature(rng, 0.6, 1.0);
            this.topP = PerClient.topP(rng);
            this.model = rng.nextInt(4) == 0 ? Models.MINI : Models.LARGE;
            this.gapMillis = PerClient.logUniformLong(rng, 3_000, 120_000);
            this.hours = rng.nextInt(4) == 0 ? ActiveHours.machine(rng) : ActiveHours.office(rng);
            this.briefTemplate = words.apply(PerClient.pick(rng,
                    "Write a %s for %s. Audience: %s. Tone: %s. Keywords: %s. Length: about %d words.",
                    "Content type: %s\nBrand: %s\nTarget audience: %s\nVoice: %s\nMust include: %s\nTarget length: %d words",
                    "Brief -> type=%s | client=%s | audience=%s | tone=%s | seo=%s | words=%d"));
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            t = hours.next(rng, t, endMillis, gapMillis, 0.9, client.utcOffsetMinutes());
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            CompanyTexts.Company c = customers[rng.nextInt(customers.length)];
            String keywords = c.product() + ", " + c.features()[0] + ", " + c.features()[c.features().length - 1];
            int completion = length.capped(length.next(rng));
            String brief = String.format(briefTemplate, PerClient.pick(rng, TYPES), c.product(),
                    PerClient.pick(rng, AUDIENCES), PerClient.pick(rng, TONES), keywords,
                    Math.round(completion * 0.75 / 50) * 50);
            List<Message> messages = List.of(new Message("system", system), new Message("user", brief));
            return emit(ts, Endpoint.CHAT_COMPLETIONS, model,
                    new RequestDraft().messages(messages).temperature(temperature).topP(topP)
                            .maxTokens(length.maxTokens()).stream(rng.nextInt(3) == 0 ? Boolean.TRUE : null).build(),
                    ok("# " + c.product() + ": ...\n\n" + c.product() + " helps you ...", null,
                            length.finish(completion, "stop"), Tokens.of(messages), completion,
                            300 + completion * (long) between(10, 22)));
        }
    }
}
