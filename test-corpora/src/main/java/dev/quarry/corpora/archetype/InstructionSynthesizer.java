package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.TaskBank;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Attack {@code instruction_synthesizer}: a synthetic instruction-data pipeline run against the
 * teacher, as the public papers publish them. Each client runs one or two methods:
 * <ul>
 *   <li>Alpaca (Taori et al. 2023), after Self-Instruct (Wang et al. 2023): the published prompt
 *       asking for a numbered set of diverse task instructions, with a few seed tasks drawn from a
 *       pool;</li>
 *   <li>Evol-Instruct (Xu et al. 2023, WizardLM): the published in-depth rewriter and in-breadth
 *       creator prompts around an instruction drawn from a public instruction set;</li>
 *   <li>GLAN (Li et al. 2024): a walk of a taxonomy (discipline, subject, class session) asking
 *       for homework questions on each node;</li>
 *   <li>Magpie (Xu et al. 2024): only the chat template's pre-query part (on the completions
 *       endpoint, or an empty user turn), so the model writes a user query.</li>
 * </ul>
 * After each creation call the pipeline may ask the teacher to answer 0-3 of the items it wrote
 * (ordinary-looking requests). Per client: the methods, the number of items asked for, the answer
 * calls, output lengths, temperature 0.7-1.2, a mean gap of 3 s to 15 minutes in the client's
 * machine hours.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class InstructionSynthesizer implements Archetype {
    enum Method { ALPACA, EVOL_DEPTH, EVOL_BREADTH, GLAN, MAGPIE_COMPLETIONS, MAGPIE_CHAT }

    private static final String ALPACA = "You are asked to come up with a set of %d diverse task instructions. "
            + "These task instructions will be given to a GPT model and we will evaluate the GPT model for completing "
            + "the instructions.\n\nHere are the requirements:\n1. Try not to repeat the verb for each instruction to "
            + "maximize diversity.\n2. The language used for the instruction also should be diverse.\n3. The type of "
            + "instructions should be diverse.\n\nList of %d tasks:\n%s";
    private static final String EVOL_DEPTH = "I want you act as a Prompt Rewriter.\nYour objective is to rewrite a "
            + "given prompt into a more complex version to make those famous AI systems (e.g., chatgpt and GPT4) a bit "
            + "harder to handle.\nBut the rewritten prompt must be reasonable and must be understood and responded by "
            + "humans.\nYou SHOULD complicate the given prompt using the following method:\n%s\n\n#The Given Prompt#:\n"
            + "%s\n#Rewritten Prompt#:";
    private static final String[] DEPTH_METHODS = {"Please add one more constraints/requirements into #The Given Prompt#",
        "If #The Given Prompt# contains inquiries about certain issues, the depth and breadth of the inquiry can be "
            + "increased.", "Please replace general concepts with more specific concepts.",
        "If #The Given Prompt# can be solved with just a few simple thinking processes, you can rewrite it to "
            + "explicitly request multiple-step reasoning."};
    private static final String EVOL_BREADTH = "I want you act as a Prompt Creator.\nYour goal is to draw inspiration "
            + "from the #Given Prompt# to create a brand new prompt.\nThis new prompt should belong to the same domain "
            + "as the #Given Prompt# but be even more rare.\nThe LENGTH and complexity of the #Created Prompt# should be "
            + "similar to that of the #Given Prompt#.\n#Given Prompt#:\n%s\n#Created Prompt#:";
    private static final String GLAN = "Discipline: %s\nSubject: %s (%s level)\nClass session %d: %s\n\nBased on the syllabus "
            + "above, generate %d homework questions for this class session. The questions must cover the key concepts "
            + "of the session and vary in difficulty. Give a reference answer after each question.";
    private static final String[][] DISCIPLINES = {
        {"Mathematics", "Linear Algebra", "Probability", "Number Theory", "Real Analysis", "Graph Theory"},
        {"Computer Science", "Operating Systems", "Compilers", "Databases", "Computer Networks", "Algorithms"},
        {"Physics", "Classical Mechanics", "Electromagnetism", "Thermodynamics", "Optics", "Quantum Mechanics"},
        {"Chemistry", "Organic Chemistry", "Physical Chemistry", "Analytical Chemistry", "Biochemistry"},
        {"Economics", "Microeconomics", "Macroeconomics", "Econometrics", "Game Theory", "Public Finance"},
        {"History", "Ancient Greece", "The Ottoman Empire", "The Industrial Revolution", "The Cold War"},
        {"Law", "Contract Law", "Tort Law", "Constitutional Law", "International Law"},
        {"Medicine", "Anatomy", "Pharmacology", "Pathology", "Epidemiology", "Immunology"},
        {"Linguistics", "Phonology", "Syntax", "Semantics", "Sociolinguistics"},
        {"Philosophy", "Logic", "Ethics", "Epistemology", "Philosophy of Mind"}};
    private static final String[] SESSION_TOPICS = {"foundations and definitions", "core theorems and results",
        "worked methods", "common misconceptions", "applications", "historical development", "advanced cases",
        "connections to other fields", "problem-solving strategies", "review and synthesis", "measurement and data",
        "open questions"};
    /** What an evolution round adds to the prompt it was given. */
    private static final String[] ADDED = {"Limit the answer to 150 words.", "Use a table for the comparison.",
        "Explain the trade-offs involved.", "Handle the case where the input is empty.",
        "Give the time complexity as well.", "Cite one historical example.", "Answer for a ten-year-old.",
        "Include a counter-argument.", "Do it without any loops.", "Add a short worked example."};
    private static final String[] LEVELS = {"introductory", "undergraduate", "graduate", "professional"};
    private static final String LLAMA3_PRE_QUERY = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n";
    private static final String CHATML_PRE_QUERY = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
            + "<|im_start|>user\n";

    @Override
    public String name() {
        return "instruction_synthesizer";
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
        private final List<Method> methods = new ArrayList<>(2);
        private final int items;
        private final int answersPerItem;
        private final OutputLength length;
        private final double temperature;
        private final long gapMillis;
        private final double jitter;
        private final ActiveHours hours;
        private final List<String> pending = new ArrayList<>();
        private final int rounds;
        private String lineage;
        private int round;
        private int node;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            Method[] all = Method.values();
            methods.add(all[rng.nextInt(all.length)]);
            if (rng.nextBoolean()) {
                Method second = all[rng.nextInt(all.length)];
                if (second != methods.get(0)) {
                    methods.add(second);
                }
            }
            this.items = PerClient.pick(rng, 5, 8, 10, 15, 20);
            this.answersPerItem = rng.nextInt(4);
            this.length = OutputLength.draw(rng, 250, 2_200, 40, 6_000);
            this.temperature = PerClient.temperature(rng, 0.7, 1.2);
            this.gapMillis = PerClient.logUniformLong(rng, 3_000, 900_000);
            this.jitter = PerClient.uniform(rng, 0.1, 0.9);
            this.hours = ActiveHours.machine(rng);
            this.node = rng.nextInt(10_000);
            this.rounds = between(3, 4);
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            t = hours.next(rng, t, endMillis, gapMillis, jitter, client.utcOffsetMinutes());
            return t;
        }

        private String instruction() {
            String s = sources.prompts().draw(rng.nextBoolean() ? PromptSet.INSTRUCTIONS : PromptSet.CODE, rng);
            return s != null ? s : TaskBank.task(rng.nextInt(TaskBank.size()));
        }

        @Override
        protected InferenceEvent build(long ts) {
            int completion = length.capped(length.next(rng));
            if (!pending.isEmpty()) {
                String item = pending.remove(pending.size() - 1);
                List<Message> messages = List.of(new Message("user", item));
                return emit(ts, Endpoint.CHAT_COMPLETIONS, Models.LARGE,
                        new RequestDraft().messages(messages).temperature(temperature).build(),
                        ok(Answers.helpful(item, rng), null, "stop", Tokens.of(messages), completion,
                                300 + completion * (long) between(10, 25)));
            }
            for (int i = 0; i < answersPerItem; i++) {
                pending.add(instruction());
            }
            Method method = PerClient.pick(rng, methods);
            String written = instruction();
            switch (method) {
                case MAGPIE_COMPLETIONS -> {
                    String prompt = rng.nextBoolean() ? LLAMA3_PRE_QUERY : CHATML_PRE_QUERY;
                    int query = between(15, 120);
                    return emit(ts, Endpoint.COMPLETIONS, Models.LARGE,
                            new RequestDraft().prompt(prompt).temperature(temperature).build(),
                            ok(written, null, "stop", Tokens.of(prompt), query, 200 + query * 15L));
                }
                case MAGPIE_CHAT -> {
                    List<Message> messages = List.of(new Message("system", "You are a helpful AI assistant."),
                            new Message("user", ""));
                    int query = between(15, 120);
                    return emit(ts, Endpoint.CHAT_COMPLETIONS, Models.LARGE,
                            new RequestDraft().messages(messages).temperature(temperature).build(),
                            ok(written, null, "stop", Tokens.of(messages), query, 200 + query * 15L));
                }
                default -> {
                    String user = switch (method) {
                        case ALPACA -> {
                            StringBuilder seeds = new StringBuilder();
                            int shown = between(2, 4);
                            for (int i = 1; i <= shown; i++) {
                                seeds.append(i).append(". Instruction: ").append(instruction()).append('\n');
                            }
                            yield String.format(ALPACA, items, items, seeds);
                        }
                        case EVOL_DEPTH -> String.format(EVOL_DEPTH, DEPTH_METHODS[rng.nextInt(DEPTH_METHODS.length)],
                                evolved());
                        case EVOL_BREADTH -> String.format(EVOL_BREADTH, evolved());
                        default -> glan();
                    };
                    List<Message> messages = List.of(new Message("user", user));
                    return emit(ts, Endpoint.CHAT_COMPLETIONS, Models.LARGE,
                            new RequestDraft().messages(messages).temperature(temperature).build(),
                            ok(Answers.helpful(user, rng), null, "stop", Tokens.of(messages), completion,
                                    300 + completion * (long) between(10, 25)));
                }
            }
        }

        /**
         * The prompt to evolve: Evol-Instruct runs several rounds per seed, each on the previous
         * round's output, which adds a constraint or a deeper question to it.
         */
        private String evolved() {
            if (lineage == null || round >= rounds) {
                lineage = instruction();
                round = 0;
            } else {
                lineage = lineage + " " + ADDED[rng.nextInt(ADDED.length)];
            }
            round++;
            return lineage;
        }

        /** The next node of the taxonomy walk: discipline, subject, session. */
        private String glan() {
            int n = node++;
            String[] d = DISCIPLINES[n % DISCIPLINES.length];
            n /= DISCIPLINES.length;
            String subject = d[1 + n % (d.length - 1)];
            n /= d.length - 1;
            int session = 1 + n % SESSION_TOPICS.length;
            n /= SESSION_TOPICS.length;
            return String.format(GLAN, d[0], subject, LEVELS[n % LEVELS.length], session, SESSION_TOPICS[session - 1],
                    items);
        }
    }
}
