package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.CandidateAnswers;
import dev.quarry.corpora.text.Personas;
import dev.quarry.corpora.text.StudyBank;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Attack {@code persona_synthesizer}: persona-driven synthetic data generation at scale, as in
 * Persona Hub (Chan et al. 2024, "Scaling Synthetic Data Creation with 1,000,000,000 Personas"):
 * a prompt such as "Create a math problem with the following persona: ..." is sent for thousands
 * of personas ({@link Personas}) and many kinds of data (maths and logic problems, user
 * instructions, knowledge-rich texts, game NPCs, tool specifications, code problems), sometimes
 * with a seed example in the prompt (few-shot, as in Self-Instruct), and the teacher is asked for
 * long worked answers; a second stage may ask the teacher to solve the problem it just wrote.
 *
 * <p>Per client: 2-7 kinds of data, one phrasing per kind in the client's {@link Wording};
 * whether it adds seed examples; whether it runs the two-stage solve; output median 150-2,500
 * tokens; temperature 0.6-1.2; mean gap 2 s to 5 minutes with 5-80% jitter in the client's
 * {@link ActiveHours}; personas walked from a random point of the bank.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class PersonaSynthesizer implements Archetype {
    /** Per kind of data, alternative phrasings; {@code %s} is the persona. */
    static final List<List<String>> KINDS = List.of(
            List.of("Create a challenging math problem with the following persona:\n%s\n\nNote:\n1. The math problem "
                            + "should be challenging and involve advanced mathematical skills.\n2. Then solve it step "
                            + "by step and give a detailed explanation.",
                    "Write a math word problem that the following person might face in their life, then give a "
                            + "complete worked solution.\nPersona: %s"),
            List.of("Guess a prompt (i.e., instruction) that the following persona may ask you to do:\n%s\n\n"
                            + "Then write a detailed, high-quality response to that instruction.",
                    "Imagine you are %s Write a realistic request you would send to an AI assistant, followed by "
                            + "the ideal complete answer."),
            List.of("Write a knowledge-rich text (like a textbook section) that the following persona would find "
                            + "useful:\n%s",
                    "Given this persona: %s\nWrite an in-depth explainer article on a topic from their field."),
            List.of("Create a logical reasoning problem inspired by the following persona, and explain the solution "
                            + "step by step:\n%s",
                    "Persona: %s\nDesign a tricky puzzle this person would enjoy, with the full reasoning to solve it."),
            List.of("Create a non-player character for a role-playing game based on this persona, with backstory, "
                            + "goals and sample dialogue:\n%s"),
            List.of("Write the specification of a software tool (a function with name, parameters and return value) "
                            + "that the following persona would need, with an example call:\n%s"),
            List.of("Create a programming problem that the following persona might need to solve, then write a "
                            + "complete, commented solution in Python:\n%s"));
    private static final String SOLVE = "Solve the following problem. Show every step of your reasoning in detail "
            + "and state the final answer clearly.\n\n";

    @Override
    public String name() {
        return "persona_synthesizer";
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

    private static final class Stream extends ClientStream {
        private final Sources sources;
        private final List<String> templates = new ArrayList<>();
        private final boolean seeded;
        private final boolean twoStage;
        private final OutputLength length;
        private final double temperature;
        private final Double topP;
        private final String model;
        private final long gapMillis;
        private final double jitter;
        private final ActiveHours hours;
        private final String systemPrompt;
        private long persona;
        private String pendingProblem;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            Wording words = Wording.draw(rng);
            int kinds = between(2, KINDS.size());
            int first = rng.nextInt(KINDS.size());
            for (int i = 0; i < kinds; i++) {
                templates.add(words.apply(PerClient.pick(rng, KINDS.get((first + i) % KINDS.size()))));
            }
            this.seeded = rng.nextBoolean();
            this.twoStage = rng.nextInt(5) < 2;
            this.length = OutputLength.draw(rng, 150, 2_500, 30, 8_000);
            this.temperature = PerClient.temperature(rng, 0.6, 1.2);
            this.topP = PerClient.topP(rng);
            this.model = rng.nextInt(4) == 0 ? Models.REASONING : Models.LARGE;
            this.gapMillis = PerClient.logUniformLong(rng, 2_000, 300_000);
            this.jitter = PerClient.uniform(rng, 0.05, 0.8);
            this.hours = ActiveHours.machine(rng);
            this.systemPrompt = rng.nextInt(3) == 0 ? words.apply("You are a helpful assistant that creates "
                    + "diverse, high-quality synthetic data.") : null;
            this.persona = rng.nextLong(Personas.size());
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            t = hours.next(rng, t, endMillis, gapMillis, jitter, client.utcOffsetMinutes());
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            String user;
            if (pendingProblem != null) {
                user = SOLVE + pendingProblem;
                pendingProblem = null;
            } else {
                String p = Personas.persona(persona);
                persona += 1 + rng.nextInt(7);
                user = String.format(PerClient.pick(rng, templates), p);
                if (seeded) {
                    String example = sources.prompts().draw(rng.nextBoolean() ? PromptSet.GSM8K
                            : PromptSet.INSTRUCTIONS, rng);
                    user += "\n\nHere is an example of the kind of item we want:\n"
                            + (example != null ? example : StudyBank.wordProblem(rng));
                }
                if (twoStage) {
                    pendingProblem = "Problem (written for " + p.toLowerCase() + "): "
                            + CandidateAnswers.answer(p, between(1, 3), rng);
                }
            }
            List<Message> messages = new ArrayList<>(2);
            if (systemPrompt != null) {
                messages.add(new Message("system", systemPrompt));
            }
            messages.add(new Message("user", user));
            int completion = length.capped(length.next(rng));
            return emit(ts, Endpoint.CHAT_COMPLETIONS, model,
                    new RequestDraft().messages(messages).temperature(temperature).topP(topP)
                            .maxTokens(length.maxTokens()).build(),
                    ok(Answers.reasoning(user), null, length.finish(completion, "stop"), Tokens.of(messages),
                            completion, 300 + completion * (long) between(10, 25)));
        }
    }
}
