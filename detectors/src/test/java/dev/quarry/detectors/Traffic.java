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

    private static List<String> load(String resource) {
        try (InputStream in = Traffic.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(s -> !s.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
