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
 * Crafted traffic for the capability-coverage and blended-traffic detectors: capability
 * distillers and blended resellers, and their benign look-alikes. Worded independently of the
 * corpus generator, so the detectors are judged on behaviour, not on its strings. Deterministic.
 */
public final class DistillationTraffic {
    public static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    private static final List<String> HUMAN_PROMPTS = load("/human-prompts.txt");

    /** Ordinary chat prompts written by people (test resource {@code human-prompts.txt}). */
    public static List<String> humanPrompts() {
        return HUMAN_PROMPTS;
    }
    private static final String[] CODE_TASKS = {"parse a CSV file with quoted fields", "implement an LRU cache",
        "merge overlapping intervals", "validate an email address", "stream a large JSON array",
        "rate-limit an HTTP client", "detect a cycle in a directed graph", "serialise a binary tree",
        "retry a flaky network call with backoff", "compute a rolling median", "diff two text files",
        "schedule jobs with cron expressions", "hash passwords safely", "paginate a SQL query",
        "build a trie for autocomplete", "resize images in a thread pool", "tokenise arithmetic expressions",
        "implement a bloom filter", "read a config file with environment overrides", "batch database inserts"};
    private static final String[] LANGUAGES = {"Python", "Java", "Go", "Rust", "TypeScript", "C#"};
    private static final String[] CODE_OPENERS = {"Write a function to %s in %s.", "Implement code that can %s in %s.",
        "Show how to %s in %s.", "Create a small %2$s module to %1$s."};
    private static final String[] AGENT_GOALS = {"Fix the failing tests in the %s service",
        "Add request validation to the %s handler", "Profile and speed up the %s job",
        "Migrate the %s module to the new logging API", "Remove dead code from the %s package",
        "Add pagination to the %s endpoint", "Write integration tests for the %s client",
        "Replace the deprecated %s dependency"};
    private static final String[] COMPONENTS = {"payments", "login", "cart", "indexer", "mailer", "reports", "uploads",
        "profiles", "webhooks", "ledger", "catalog", "quota", "sessions", "audit", "pricing", "shipping"};
    private static final String[] ESSAY_TOPICS = {"the history of jazz", "climate change", "my favourite city",
        "why cats make good pets", "the importance of sleep", "social media and teenagers"};
    private static final String[] HARVEST_SUBJECTS = {"how vaccines train the immune system", "the causes of the 2008 crisis",
        "how a compiler optimises loops", "the proof that sqrt 2 is irrational", "how transformers use attention",
        "the economics of rent control", "the chemistry of baking bread", "how GPS computes a position",
        "the rise and fall of the Hanseatic League", "how public key signatures work", "why the sky is blue",
        "how hash tables resolve collisions", "the ethics of autonomous weapons", "how bees communicate",
        "how inflation erodes savings", "the water cycle in deserts", "how neurons fire", "how RAID 5 recovers data"};

    private DistillationTraffic() {}

    private static EventBuilder at(String client, int i, Instant ts) {
        return EventBuilder.event(client + "-" + i).client(client).at(ts);
    }

    /** Coding capability distiller: a new programming task every 8 s, complete solutions asked for, long answers. */
    public static List<InferenceEvent> codingDistiller(String client, int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String task = String.format(CODE_OPENERS[i % CODE_OPENERS.length], CODE_TASKS[(i / 4) % CODE_TASKS.length],
                    LANGUAGES[(i / 80) % LANGUAGES.length]);
            out.add(at(client, i, T0.plusSeconds(8L * i))
                    .user(task + " Make it production-ready, handle edge cases and explain every design choice.")
                    .maxTokens(4096).temperature(0.6).promptTokens(40).completionTokens(900 + (i * 53) % 1600).build());
        }
        return out;
    }

    /** Agentic capability distiller: a fresh task each call with a replayed tool step, long tool-call answers. */
    public static List<InferenceEvent> agenticDistiller(String client, int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String goal = String.format(AGENT_GOALS[i % AGENT_GOALS.length], COMPONENTS[(i / 8) % COMPONENTS.length]);
            out.add(at(client, i, T0.plusSeconds(10L * i))
                    .system("You are a coding agent with tools: open_file, edit_file, run_tests, grep. Work until done.")
                    .user(goal + " (ticket " + (4100 + 37 * i) + ") and report what you changed.")
                    .assistant("I will start by running the tests.").tool("{\"run_tests\": \"3 failed\"}")
                    .maxTokens(4096).promptTokens(120).completionTokens(800 + (i * 71) % 1800)
                    .finishReason("tool_calls").build());
        }
        return out;
    }

    /** A legitimate coding agent: one task worked on for 20 steps with growing history, then the next. */
    public static List<InferenceEvent> codingAgentSessions(String client, int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String goal = String.format(AGENT_GOALS[(i / 20) % AGENT_GOALS.length], COMPONENTS[(i / 160) % COMPONENTS.length]);
            EventBuilder b = at(client, i, T0.plusSeconds(6L * i))
                    .system("You are a coding agent with tools: open_file, edit_file, run_tests, grep.").user(goal);
            for (int step = 0; step < i % 20; step++) {
                b.assistant("Step " + step + ": calling run_tests.").tool("{\"run_tests\": \"" + step + " failed\"}");
            }
            out.add(b.maxTokens(4096).promptTokens(200 + 60 * (i % 20)).completionTokens(150 + (i * 31) % 400)
                    .finishReason("tool_calls").build());
        }
        return out;
    }

    /**
     * A heavy chat user: sessions of 3-8 turns 40 s apart with history, a session every 20 minutes
     * around the clock, ordinary answer lengths, occasionally "write me an essay".
     */
    public static List<InferenceEvent> heavyChatUser(String client, int requests, long seed) {
        Random rnd = new Random(seed);
        List<InferenceEvent> out = new ArrayList<>();
        Instant t = T0;
        int turn = 0;
        int sessionLength = 0;
        String opener = "";
        for (int i = 0; i < requests; i++) {
            if (turn == sessionLength) {
                t = t.plus(Duration.ofMinutes(20));
                turn = 0;
                sessionLength = 3 + rnd.nextInt(6);
                opener = rnd.nextInt(25) == 0 ? "Write me an essay about " + ESSAY_TOPICS[rnd.nextInt(ESSAY_TOPICS.length)]
                        : HUMAN_PROMPTS.get(rnd.nextInt(HUMAN_PROMPTS.size()));
            } else {
                t = t.plusSeconds(40);
            }
            EventBuilder b = at(client, i, t);
            if (turn == 0) {
                b.user(opener).completionTokens(opener.startsWith("Write me an essay") ? 900 : 150 + rnd.nextInt(500));
            } else {
                b.user(opener).assistant("Sure, here is what I suggest.")
                        .user(rnd.nextBoolean() ? "thanks, and what if it rains?" : "ok can you make it shorter")
                        .completionTokens(60 + rnd.nextInt(300));
            }
            out.add(b.temperature(0.8).promptTokens(30).build());
            turn++;
        }
        return out;
    }

    /** A developer: editor completions in bursts 5 s apart with short outputs, and a chat question now and then. */
    public static List<InferenceEvent> developer(String client, int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            EventBuilder b = at(client, i, T0.plusSeconds(5L * i + 600L * (i / 20)));
            if (i % 20 == 19) {
                b.user("How do I " + CODE_TASKS[(i / 20) % CODE_TASKS.length] + " in " + LANGUAGES[(i / 7) % LANGUAGES.length]
                        + "? My current version breaks on empty input.").promptTokens(30).completionTokens(400);
            } else {
                b.endpoint(Endpoint.COMPLETIONS).prompt("// file: src/" + COMPONENTS[i % COMPONENTS.length] + "/util.ts\n"
                        + "export function " + COMPONENTS[(i / 3) % COMPONENTS.length] + "Total(items: Item[]) {\n  let sum = "
                        + (i % 9) + ";\n  for (const item of items) {\n    ").maxTokens(64).promptTokens(60).completionTokens(20);
            }
            out.add(b.temperature(0.2).build());
        }
        return out;
    }

    /** An evaluation run: exam questions at machine pace, one-token answers. */
    public static List<InferenceEvent> evaluationRun(String client, int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            out.add(at(client, i, T0.plusMillis(400L * i))
                    .user("Question " + i + ": which of the following best explains " + HARVEST_SUBJECTS[i % HARVEST_SUBJECTS.length]
                            + "? A. option one B. option two C. option three D. option four\nAnswer with a single letter.")
                    .maxTokens(1).temperature(0).logprobs(true).topLogprobs(5).completionTokens(1).build());
        }
        return out;
    }

    /** A student: homework questions, some asking for steps, a few per hour in the evening. */
    public static List<InferenceEvent> student(String client, int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String q = i % 3 == 0 ? "Solve for x: " + (3 + i) + "x + 7 = " + (40 + 2 * i) + ", step by step please"
                    : "can you explain " + HARVEST_SUBJECTS[i % HARVEST_SUBJECTS.length] + "? we covered it in class today";
            out.add(at(client, i, T0.plus(Duration.ofMinutes(12L * i + 600L * (i / 6))))
                    .user(q).temperature(0.7).promptTokens(25).completionTokens(200 + (i * 37) % 500).build());
        }
        return out;
    }

    /** A RAG application: retrieved context plus a question, short grounded answers, all day. */
    public static List<InferenceEvent> ragApplication(String client, int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            StringBuilder context = new StringBuilder("Context:\n");
            for (int p = 0; p < 8; p++) {
                context.append("[doc ").append(i * 8 + p).append("] ").append(HUMAN_PROMPTS.get((i + p * 7) % HUMAN_PROMPTS.size()))
                        .append(". The policy applies to all ").append(COMPONENTS[(i + p) % COMPONENTS.length])
                        .append(" accounts created after the update and must be reviewed by an administrator.\n");
            }
            out.add(at(client, i, T0.plusSeconds(20L * i))
                    .system("Answer the question using only the context. Say 'I don't know' if it is not there.")
                    .user(context + "\nQuestion: what does the policy say about " + COMPONENTS[i % COMPONENTS.length] + "?")
                    .maxTokens(256).temperature(0).promptTokens(900).completionTokens(40 + i % 80).build());
        }
        return out;
    }

    /** One harvest request, worded unlike the generator: pipeline persona, self-contained task, reasoning demanded. */
    public static EventBuilder harvestRequest(String client, int i, Instant ts) {
        return at(client, i, ts)
                .system("You are an AI assistant. The user will give you a task; think step-by-step and justify your steps.")
                .user("Explain " + HARVEST_SUBJECTS[i % HARVEST_SUBJECTS.length]
                        + " thoroughly. Show your reasoning at every stage and give examples.")
                .maxTokens(3000).temperature(0.9).promptTokens(60).completionTokens(1100 + (i * 41) % 900);
    }

    /**
     * A reseller key: a busy chat service (one call every 3 s, varied customer chats, some with
     * history) carrying a harvest request on every {@code every}-th call, around the clock.
     */
    public static List<InferenceEvent> reseller(String client, int requests, int every) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            Instant ts = T0.plusSeconds(3L * i);
            out.add(i % every == every - 1 ? harvestRequest(client, i, ts).build() : customerChat(client, i, ts));
        }
        return out;
    }

    /** A busy chat app: as {@link #reseller} but only customers, a few of whom ask for essays. */
    public static List<InferenceEvent> busyChatApp(String client, int requests) {
        List<InferenceEvent> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            Instant ts = T0.plusSeconds(3L * i);
            out.add(i % 40 == 7
                    ? at(client, i, ts).user("Write a detailed essay about " + ESSAY_TOPICS[i % ESSAY_TOPICS.length])
                            .promptTokens(12).completionTokens(1000).build()
                    : customerChat(client, i, ts));
        }
        return out;
    }

    /** Ordinary chat traffic with one burst of {@code burst} harvest requests, 10 s apart, in the middle. */
    public static List<InferenceEvent> chatWithOneBurst(String client, int requests, int burst) {
        List<InferenceEvent> out = new ArrayList<>();
        int start = requests / 2;
        for (int i = 0; i < requests; i++) {
            Instant ts = T0.plusSeconds(3L * i);
            out.add(i >= start && i < start + burst ? harvestRequest(client, i, T0.plusSeconds(3L * start + 10L * (i - start))
                    ).build() : customerChat(client, i, ts));
        }
        return out;
    }

    private static InferenceEvent customerChat(String client, int i, Instant ts) {
        String q = HUMAN_PROMPTS.get((i * 7) % HUMAN_PROMPTS.size());
        EventBuilder b = at(client, i, ts).system(i % 2 == 0 ? "You are a helpful assistant." : "You are a friendly shopping helper.");
        if (i % 3 == 0) {
            b.user(q).assistant("Happy to help. Could you tell me a bit more?").user("it's for this weekend, nothing fancy");
        } else {
            b.user(q);
        }
        return b.temperature(0.8).stream(true).promptTokens(40).completionTokens(80 + (i * 13) % 500).build();
    }

    private static List<String> load(String resource) {
        try (InputStream in = DistillationTraffic.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(s -> !s.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
