package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.CompanyTexts;
import dev.quarry.corpora.text.Documents;
import dev.quarry.corpora.text.StudyBank;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code quiz_product}: a quiz, flash-card or practice-test product (the kind Quizlet's
 * Magic Notes, Quizizz's and Kahoot!'s AI question generators and Anki card generators offer)
 * calling the API for its users: a learner or teacher uploads notes, a chapter or a syllabus topic
 * and the product has the model WRITE questions about that material, usually as JSON it renders
 * (stem, options, the key, a one-line explanation), or turns an example question a teacher pastes
 * in (often from a public exam bank: GSM8K- and MMLU-like items when a text source is given) into
 * new practice variants. The model writes questions about the customer's text; it does not answer
 * public items. The counterpart of the synthetic-data families ({@link PersonaSynthesizer},
 * {@link InstructionSynthesizer}) and of {@link BenchmarkHarvester} by provenance.
 *
 * <p>Per client, over wide ranges: the product's system prompt (several phrasings, the client's
 * {@link Wording}) or none; the mix of material (course notes, company training text, syllabus
 * topics, pasted example questions: 0-40% of requests, public items among them when a text source
 * is given); 3-20 questions per request; JSON or plain text; temperature 0.2-1.0;
 * {@code max_tokens} unset or 800-4,096; output median 250-1,500 tokens; an after-school or office
 * diurnal shape at a product's volume, peak gap 2 s to 3 minutes.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class QuizProduct implements Archetype {
    private static final List<String> SYSTEMS = List.of(
            "You are %s, a study assistant. You turn a learner's material into clear practice questions. Only use "
                    + "facts found in the material.",
            "You write assessment items for teachers. Items must be unambiguous, age-appropriate and have exactly one "
                    + "correct option.",
            "You are %s. Create flash cards and quizzes from uploaded notes. Return valid JSON only.");
    private static final String[] NAMES = {"QuizWhiz", "CardCraft", "Examly", "StudyDeck", "Brainy"};
    private static final List<String> FROM_TEXT = List.of(
            "Create %d multiple-choice questions (4 options each, mark the correct one) based only on the text "
                    + "below.\n\n---\n%s\n---",
            "Generate a %d-item quiz from these notes. Return JSON: [{\"question\", \"options\", \"answer\", "
                    + "\"explanation\"}].\n\nNotes:\n%s",
            "Make %d flashcards (front: term or question, back: short answer) from this chapter:\n\n%s",
            "From the passage, write %d short-answer comprehension questions with model answers.\n\nPassage:\n%s");
    private static final List<String> FROM_TOPIC = List.of(
            "Write %d quiz questions on \"%s\" for grade %d students, with an answer key.",
            "Syllabus unit: %s. Produce a %d-question practice test (mixed difficulty) with answers.");
    private static final List<String> VARIANTS = List.of(
            "Here is an example question from my class:\n\n%s\n\nWrite %d new practice questions like it, with "
                    + "different numbers and contexts, and give the answer to each.",
            "Turn this question into %d variants of increasing difficulty (answers at the end):\n%s",
            "Example item:\n%s\n\nCreate %d similar items for a worksheet. Include an answer key.");
    private static final String[] TOPICS = {"photosynthesis", "the French Revolution", "fractions and decimals",
        "the water cycle", "Newton's laws", "cell division", "supply and demand", "the Roman Republic",
        "linear equations", "plate tectonics", "the nervous system", "World War I causes", "probability basics",
        "chemical bonding", "poetry devices", "the US Constitution", "ecosystems", "percentages"};
    private static final double[] SCHOOL = {0.1, 0.05, 0.02, 0.01, 0.01, 0.02, 0.1, 0.3, 0.6, 0.8, 0.8, 0.7, 0.6,
        0.7, 0.8, 0.9, 1.0, 1.0, 0.9, 0.9, 0.8, 0.6, 0.4, 0.2};

    @Override
    public String name() {
        return "quiz_product";
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
        private final String system;
        private final Wording wording;
        private final double textShare;
        private final double variantShare;
        private final int minQuestions;
        private final int maxQuestions;
        private final double temperature;
        private final OutputLength length;
        private final double peakGapMillis;
        private final String model;
        private final CompanyTexts.Company company;
        private final List<String> fromText;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.wording = Wording.draw(rng);
            this.system = rng.nextInt(4) == 0 ? null
                    : wording.apply(String.format(PerClient.pick(rng, SYSTEMS), PerClient.pick(rng, NAMES)));
            this.variantShare = PerClient.uniform(rng, 0.0, 0.4);
            this.textShare = PerClient.uniform(rng, 0.3, 1.0);
            this.minQuestions = between(3, 10);
            this.maxQuestions = minQuestions + between(0, 10);
            this.temperature = PerClient.temperature(rng, 0.2, 1.0);
            this.length = OutputLength.draw(rng, 250, 1_500, 60, 4_096);
            this.peakGapMillis = PerClient.logUniform(rng, 2_000, 180_000);
            this.model = rng.nextInt(3) == 0 ? Models.MINI : Models.LARGE;
            this.company = CompanyTexts.Company.draw(rng);
            List<String> templates = new ArrayList<>(FROM_TEXT);
            this.fromText = List.of(templates.remove(rng.nextInt(templates.size())),
                    templates.remove(rng.nextInt(templates.size())));
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            t = Clock.thinnedArrival(rng, t, endMillis, peakGapMillis,
                    ts -> SCHOOL[Clock.localHour(ts, client.utcOffsetMinutes())]);
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            int k = between(minQuestions, maxQuestions);
            String user;
            double u = rng.nextDouble();
            if (u < variantShare) {
                String example = sources.prompts().draw(rng.nextBoolean() ? PromptSet.GSM8K : PromptSet.MMLU, rng);
                example = example != null ? example : rng.nextBoolean() ? StudyBank.wordProblem(rng)
                        : StudyBank.examQuestion(rng);
                String template = PerClient.pick(rng, VARIANTS);
                user = template.indexOf("%s") < template.indexOf("%d")
                        ? String.format(template, example, k) : String.format(template, k, example);
            } else if (u < variantShare + (1 - variantShare) * textShare) {
                String material = rng.nextInt(3) == 0 ? CompanyTexts.article(company, rng, between(8, 40))
                        : rng.nextBoolean() ? Documents.context(rng, between(6, 30))
                        : notes(rng);
                user = String.format(PerClient.pick(rng, fromText), k, material);
            } else {
                String template = PerClient.pick(rng, FROM_TOPIC);
                String topic = TOPICS[rng.nextInt(TOPICS.length)];
                user = template.startsWith("Syllabus") ? String.format(template, topic, k)
                        : String.format(template, k, topic, between(5, 12));
            }
            user = wording.apply(user);
            List<Message> messages = new ArrayList<>(2);
            if (system != null) {
                messages.add(new Message("system", system));
            }
            messages.add(new Message("user", user));
            int completion = length.capped(length.next(rng));
            return emit(ts, Endpoint.CHAT_COMPLETIONS, model,
                    new RequestDraft().messages(messages).temperature(temperature).maxTokens(length.maxTokens()).build(),
                    ok("[{\"question\": \"Which of the following is true?\", \"options\": [\"A\", \"B\", \"C\", \"D\"], "
                            + "\"answer\": \"" + "ABCD".charAt(rng.nextInt(4)) + "\"}, ...]", null,
                            length.finish(completion, "stop"), Tokens.of(messages), completion,
                            300 + completion * (long) between(8, 20)));
        }

        /** A learner's own notes: homework and exam lines stitched into a page. */
        private String notes(SplittableRandom rng) {
            StringBuilder sb = new StringBuilder();
            int lines = between(5, 25);
            for (int i = 0; i < lines; i++) {
                sb.append("- ").append(rng.nextBoolean() ? StudyBank.homework(rng) : StudyBank.wordProblem(rng))
                        .append('\n');
            }
            return sb.toString();
        }
    }
}
