package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.CompanyTexts;
import dev.quarry.corpora.text.SupportTickets;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code translation_pipeline}: a localisation pipeline translating a company's content
 * (documentation, help-centre articles, UI strings, support tickets, marketing text) into several
 * target languages with an LLM, as in the document-level MT evaluations of Hendy et al. 2023 ("How
 * Good Are GPT Models at Machine Translation?") and Wang et al. 2023 (document-level MT with LLMs):
 * one fixed instruction template, the source segment, output about as long as the input (so up to
 * thousands of tokens for long documents), temperature near 0, batch jobs at machine pace.
 *
 * <p>Per client: 2-10 target languages, one template (several phrasings), segment length from a UI
 * string to a 60-sentence document (median 2-40 sentences), output/input length ratio 0.9-1.4,
 * temperature 0-0.3, gap 4-120 s inside the client's {@link ActiveHours#machine} hours.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class TranslationPipeline implements Archetype {
    private static final String[] LANGUAGES = {"German", "French", "Spanish", "Japanese", "Brazilian Portuguese",
        "Italian", "Korean", "Simplified Chinese", "Dutch", "Polish", "Turkish", "Swedish", "Arabic", "Hindi"};
    private static final List<String> TEMPLATES = List.of(
            "Translate the following text from English to %s. Preserve Markdown formatting, placeholders such as "
                    + "{name} and product names. Output only the translation.\n\n%s",
            "You are a professional translator. Translate into %s, keeping the tone and terminology consistent:\n"
                    + "\"\"\"\n%s\n\"\"\"",
            "Target language: %s\nGlossary: keep product and feature names in English.\nSource:\n%s");

    @Override
    public String name() {
        return "translation_pipeline";
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
        private final Sources sources;
        private final CompanyTexts.Company company;
        private final String[] targets;
        private final String template;
        private final boolean asSystem;
        private final double medianSentences;
        private final double ratio;
        private final double temperature;
        private final String model;
        private final long gapMillis;
        private final ActiveHours hours;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.company = CompanyTexts.Company.draw(rng);
            this.targets = new String[2 + rng.nextInt(9)];
            int first = rng.nextInt(LANGUAGES.length);
            for (int i = 0; i < targets.length; i++) {
                targets[i] = LANGUAGES[(first + i) % LANGUAGES.length];
            }
            this.template = Wording.draw(rng, 0.3).apply(PerClient.pick(rng, TEMPLATES));
            this.asSystem = rng.nextInt(3) == 0;
            this.medianSentences = PerClient.logUniform(rng, 2, 40);
            this.ratio = PerClient.uniform(rng, 0.9, 1.4);
            this.temperature = PerClient.temperature(rng, 0.0, 0.3);
            this.model = rng.nextInt(3) == 0 ? Models.MINI : Models.LARGE;
            this.gapMillis = PerClient.logUniformLong(rng, 4_000, 120_000);
            this.hours = ActiveHours.machine(rng);
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            t = hours.next(rng, t, endMillis, gapMillis, 0.4, client.utcOffsetMinutes());
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            int sentences = (int) Math.max(1, Math.min(60, Math.round(medianSentences * Math.exp(0.6 * rng.nextGaussian()))));
            String source = switch (rng.nextInt(4)) {
                case 0 -> CompanyTexts.article(company, rng, sentences);
                case 1 -> SupportTickets.next(rng).body();
                case 2 -> {
                    String s = sources.prompts().draw(PromptSet.MODEL_ANSWERS, rng);
                    yield s != null ? s : CompanyTexts.article(company, rng, sentences);
                }
                default -> CompanyTexts.search(company, rng);
            };
            String target = targets[rng.nextInt(targets.length)];
            List<Message> messages;
            if (asSystem) {
                String[] parts = String.format(template, target, "\u0000").split("\u0000", 2);
                messages = List.of(new Message("system", parts[0].strip()), new Message("user", source));
            } else {
                messages = List.of(new Message("user", String.format(template, target, source)));
            }
            int completion = Math.max(2, (int) Math.round(Tokens.of(source) * ratio * (0.9 + 0.2 * rng.nextDouble())));
            int maxTokens = Math.max(4096, completion);
            return emit(ts, Endpoint.CHAT_COMPLETIONS, model,
                    new RequestDraft().messages(messages).temperature(temperature).maxTokens(maxTokens).build(),
                    ok("[" + target + "] ...", null, "stop", Tokens.of(messages), completion,
                            250 + completion * (long) between(8, 18)));
        }
    }
}
