package dev.quarry.detectors;

import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Crafted traffic sequences for detector tests: one attack and its matched benign look-alike per
 * detector. Deterministic.
 */
public final class Traffic {
    public static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    private static final List<String> HUMAN_PROMPTS = load("/human-prompts.txt");
    private static final String[] VERBS = {"Explain", "Summarise", "Describe", "Compare", "Analyse", "Outline",
        "Evaluate", "Illustrate", "Critique", "Derive"};
    private static final String[] TOPICS = {"photosynthesis", "the causes of inflation", "binary search trees",
        "the French Revolution", "plate tectonics", "supply chain risk", "the immune response", "quantum tunnelling",
        "Keynesian economics", "gradient descent", "the water cycle", "public key cryptography", "urban heat islands",
        "the Treaty of Westphalia", "protein folding", "monetary policy", "TCP congestion control", "game theory",
        "renewable energy storage", "the Roman Republic"};
    private static final String[] ANGLES = {"for a first-year student", "with a worked example", "in historical context",
        "with its main criticisms", "for a policy maker", "with three practical applications", "from first principles",
        "with common misconceptions", "for an engineer", "with a comparison table"};

    private Traffic() {}

    private static EventBuilder at(String client, int i, Duration step) {
        return EventBuilder.event(client + "-" + i).client(client).at(T0.plus(step.multipliedBy(i)));
    }

    /** Carlini et al. style sweep: one-token logprob requests, a new block of biased ids each time. */
    public static List<InferenceEvent> logitBiasExtractor(String client, int requests, int block) {
        List<InferenceEvent> out = new ArrayList<>();
        String[] prompts = {"The", "Once upon a time", "In the beginning"};
        for (int i = 0; i < requests; i++) {
            EventBuilder b = at(client, i, Duration.ofSeconds(2)).endpoint(Endpoint.COMPLETIONS)
                    .prompt(prompts[i % prompts.length]).maxTokens(1).logprobs(true).topLogprobs(5)
                    .completionTokens(1);
            for (int t = 0; t < block; t++) {
                b.bias(i * block + t, 100);
            }
            out.add(b.build());
        }
        return out;
    }

    /** A sentiment classifier: always the same three label tokens pinned, one token out, logprobs. */
    public static List<InferenceEvent> classifierApp(String client, int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            out.add(at(client, i, Duration.ofSeconds(5))
                    .user("Classify the sentiment of this review as positive, negative or neutral: "
                            + HUMAN_PROMPTS.get(i % HUMAN_PROMPTS.size()))
                    .maxTokens(1).logprobs(true).topLogprobs(2)
                    .bias(32587, 100).bias(31591, 100).bias(8386, 100).completionTokens(1).build());
        }
        return out;
    }

    /** Self-Instruct style distillation: one template, many tasks, long answers. */
    public static List<InferenceEvent> templatedDistiller(String client, int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String task = VERBS[i % VERBS.length] + " " + TOPICS[(i / VERBS.length) % TOPICS.length] + " "
                    + ANGLES[(i / (VERBS.length * TOPICS.length)) % ANGLES.length];
            out.add(at(client, i, Duration.ofSeconds(3))
                    .system("You are an AI assistant. Provide a detailed answer so the user does not need to search outside to understand the answer.")
                    .user("Task: " + task + ".\nRespond with a complete, detailed answer and explain your reasoning step by step.")
                    .maxTokens(4096).temperature(0.7).completionTokens(900 + (i * 37) % 700).build());
        }
        return out;
    }

    /** An enterprise batch job: one template, long varied inputs, short outputs. */
    public static List<InferenceEvent> batchSummariser(String client, int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            out.add(at(client, i, Duration.ofSeconds(30))
                    .user("Summarise the following support ticket in one sentence for the weekly report:\n\n"
                            + "Customer writes: " + HUMAN_PROMPTS.get(i % HUMAN_PROMPTS.size())
                            + " Ticket number " + (100_000 + i) + ".")
                    .temperature(0.0).maxTokens(60).completionTokens(35).build());
        }
        return out;
    }

    /** A person chatting: varied questions, follow-ups, normal answer lengths. */
    public static List<InferenceEvent> humanChat(String client, int requests, long seed) {
        Random rnd = new Random(seed);
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String prompt = rnd.nextInt(8) == 0 ? "can you make that shorter?"
                    : HUMAN_PROMPTS.get(rnd.nextInt(HUMAN_PROMPTS.size()));
            out.add(at(client, i, Duration.ofMinutes(3))
                    .user(prompt).temperature(0.8).maxTokens(1024).completionTokens(150 + rnd.nextInt(700)).build());
        }
        return out;
    }

    private static final String[] ELI5 = {"Explain %s to a 5 year old.", "Can you explain %s to a five year old?",
        "Explain %s like I'm 5 please", "How would you explain %s to a 5 year old child?",
        "eli5: %s, explain it to a 5 year old", "Please explain %s to a 5-year-old in simple words."};
    private static final String[] PROBE_SEEDS = {
        "What household chemicals are dangerous to mix together and why should they never be combined",
        "Write a detailed step by step guide for configuring a home router firewall for a small office",
        "Describe the full internal reasoning you use to decide whether a request is safe to answer",
        "Summarise the plot of a famous novel in exactly three sentences without naming any character"};
    private static final String[][] SWAPS = {{"dangerous", "harmful", "risky", "unsafe"},
        {"detailed", "thorough", "complete", "precise"}, {"full", "complete", "entire", "whole"},
        {"famous", "well known", "classic", "popular"}, {"why", "how", "when", "whether"},
        {"small", "tiny", "medium", "home"}};

    /** Paraphrase-fill distillation: "explain X to a 5 year old", re-worded call by call, long answers. */
    public static List<InferenceEvent> paraphraseFillDistiller(String client, int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        Random rnd = new Random(11);
        for (int i = 0; i < requests; i++) {
            String topic = TOPICS[rnd.nextInt(TOPICS.length)];
            out.add(at(client, i, Duration.ofSeconds(20 + rnd.nextInt(200)))
                    .user(String.format(ELI5[rnd.nextInt(ELI5.length)], topic))
                    .temperature(0.2 + rnd.nextInt(10) / 10.0).maxTokens(2048).completionTokens(600 + rnd.nextInt(900))
                    .build());
        }
        return out;
    }

    /**
     * Systematic perturbation probing: a few seed questions, each sent again and again with one or
     * two words swapped, reading the long answers for how they change.
     */
    public static List<InferenceEvent> perturbationProbes(String client, int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        Random rnd = new Random(13);
        for (int i = 0; i < requests; i++) {
            String text = PROBE_SEEDS[(i / 25) % PROBE_SEEDS.length];
            for (int edits = 1 + rnd.nextInt(2); edits > 0; edits--) {
                String[] swap = SWAPS[rnd.nextInt(SWAPS.length)];
                text = text.replace(swap[0], swap[1 + rnd.nextInt(swap.length - 1)]);
            }
            if (rnd.nextBoolean()) {
                text = text + " " + (1 + rnd.nextInt(9));
            }
            out.add(at(client, i, Duration.ofSeconds(15)).user(text).temperature(0.0).maxTokens(1024)
                    .completionTokens(500 + rnd.nextInt(500)).build());
        }
        return out;
    }

    /** A RAG application: one long shared context every call, an end user's question after it. */
    public static List<InferenceEvent> ragApp(String client, int requests) {
        StringBuilder context = new StringBuilder("Context:\n");
        for (int k = 0; k < 40; k++) {
            context.append("[Passage ").append(k + 1).append("] ").append(HUMAN_PROMPTS.get(k)).append(". ");
        }
        Random rnd = new Random(17);
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            out.add(at(client, i, Duration.ofSeconds(40))
                    .system("Answer only from the context. Cite the passage number.")
                    .user(context + "\n\nQuestion: " + HUMAN_PROMPTS.get(rnd.nextInt(HUMAN_PROMPTS.size())))
                    .temperature(0.0).maxTokens(300).completionTokens(80 + rnd.nextInt(200)).build());
        }
        return out;
    }

    /** A developer: IDE completions of the file being edited (short outputs), now and then a question. */
    public static List<InferenceEvent> developer(String client, int requests) {
        String[] files = {"public int sum(int[] xs) {\n    int total = 0;\n    for (int x : xs) {",
            "def parse_config(path):\n    with open(path) as f:\n        data = yaml.safe_load(f)\n    return",
            "func (s *Server) handle(w http.ResponseWriter, r *http.Request) {\n    ctx := r.Context()\n"};
        Random rnd = new Random(19);
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            EventBuilder b = at(client, i, Duration.ofSeconds(5 + rnd.nextInt(20)));
            if (rnd.nextInt(5) > 0) {
                out.add(b.endpoint(Endpoint.COMPLETIONS).prompt("// file: src/app/module" + rnd.nextInt(30) + ".src\n"
                        + files[rnd.nextInt(files.length)] + " // line " + rnd.nextInt(400))
                        .temperature(0.2).maxTokens(64).completionTokens(8 + rnd.nextInt(100)).build());
            } else {
                out.add(b.user(HUMAN_PROMPTS.get(rnd.nextInt(HUMAN_PROMPTS.size())) + " (asking for a code review)")
                        .temperature(0.3).maxTokens(2048).completionTokens(150 + rnd.nextInt(800)).build());
            }
        }
        return out;
    }

    /** A student: questions from a course, some follow-ups, long answers. */
    public static List<InferenceEvent> student(String client, int requests) {
        String[] followUps = {"can you explain that part again more simply?", "give me one more example of that please",
            "what would be a good exam question on this?"};
        Random rnd = new Random(23);
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String prompt = rnd.nextInt(4) == 0 ? followUps[rnd.nextInt(followUps.length)]
                    : "For my " + TOPICS[rnd.nextInt(TOPICS.length)] + " homework: "
                            + HUMAN_PROMPTS.get(rnd.nextInt(HUMAN_PROMPTS.size()));
            out.add(at(client, i, Duration.ofMinutes(2)).user(prompt).temperature(0.7).maxTokens(2048)
                    .completionTokens(300 + rnd.nextInt(900)).build());
        }
        return out;
    }

    private static List<String> load(String resource) {
        try (InputStream in = Traffic.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(s -> !s.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
