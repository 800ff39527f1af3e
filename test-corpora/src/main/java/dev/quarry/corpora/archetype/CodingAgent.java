package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.CodeBank;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code coding_agent}: an editor's coding agent working on one developer's tasks, the
 * ReAct tool loop (Yao et al. 2023) as SWE-agent (Yang et al. 2024) and the agent modes of IDEs run
 * it: per task a burst of 3-25 calls seconds apart, each resending the whole loop so far (system
 * prompt, the task, then every assistant tool call and tool result), so the context repeats and
 * grows call by call; temperature 0; most calls end in a tool call with a short output, and the
 * last writes the patch or the explanation, sometimes thousands of tokens. The counterpart of the
 * agentic {@link CapabilityDistiller}: agentic prompts at volume, but a growing, task-specific
 * context in bursts while a developer works.
 *
 * <p>Per client: the agent's system prompt (several phrasings); 3-25 steps per task; 1-15 s
 * between steps; a task every 3-60 minutes at peak in the developer's hours; final output median
 * 200-3,000 tokens; tool results of 150-1,200 characters.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class CodingAgent implements Archetype {
    private static final List<String> SYSTEMS = List.of(
            "You are a coding agent inside the user's editor. You can call tools: read_file, write_file, "
                    + "search_code, run_tests, shell. Work step by step: inspect the code, make minimal changes, run "
                    + "the tests, and stop when they pass. Reply with one tool call at a time.",
            "You are an autonomous pair programmer with access to the workspace. Use the tools to explore before "
                    + "editing. Keep diffs small and explain the final change briefly.",
            "Agent mode. Tools available: list_directory, read_file, apply_patch, run_tests, http_get. Think about "
                    + "what to inspect next, call exactly one tool, and wait for its result.");
    private static final String[] RESULTS = {"PASSED %d tests, FAILED 1: test_%s_rounding (AssertionError: "
            + "expected 10.00, got 9.99)", "src/%2$s/service.py:%1$d: def apply_discount(order, code):",
        "Exit code 0. %d files changed, 2 insertions(+), 1 deletion(-)", "grep: %d matches for '%s' in src/",
        "Traceback (most recent call last):\n  File \"src/%2$s/api.py\", line %1$d, in handler\nKeyError: 'id'"};

    @Override
    public String name() {
        return "coding_agent";
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
        private final int minSteps;
        private final int maxSteps;
        private final long stepGapMillis;
        private final long taskGapMillis;
        private final ActiveHours hours;
        private final OutputLength finalLength;
        private final String model;
        private final List<Message> loop = new ArrayList<>();
        private int stepsLeft;
        private long latency;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.system = Wording.draw(rng, 0.3).apply(PerClient.pick(rng, SYSTEMS));
            this.minSteps = 3 + rng.nextInt(4);
            this.maxSteps = minSteps + rng.nextInt(26 - minSteps);
            this.stepGapMillis = PerClient.logUniformLong(rng, 1_000, 15_000);
            this.taskGapMillis = PerClient.logUniformLong(rng, 3 * Clock.MINUTE, 60 * Clock.MINUTE);
            this.hours = rng.nextInt(4) == 0 ? ActiveHours.machine(rng) : ActiveHours.office(rng);
            this.finalLength = OutputLength.draw(rng, 200, 3_000, 20, 8_000);
            this.model = rng.nextInt(5) == 0 ? Models.REASONING : Models.LARGE;
            this.t = startMillis;
        }

        @Override
        protected long schedule() {
            if (stepsLeft == 0) {
                t = hours.next(rng, t, endMillis, taskGapMillis, 0.9, client.utcOffsetMinutes());
                stepsLeft = between(minSteps, maxSteps);
                loop.clear();
            } else {
                t += latency + Clock.jittered(rng, stepGapMillis, 0.6);
            }
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            if (loop.isEmpty()) {
                String task = rng.nextBoolean() ? sources.prompts().draw(PromptSet.CODE, rng) : null;
                loop.add(new Message("system", system));
                loop.add(new Message("user", task != null ? task : CodeBank.agentTask(rng)));
            }
            stepsLeft--;
            List<Message> messages = List.copyOf(loop);
            boolean last = stepsLeft == 0;
            int completion;
            String text;
            String finish;
            if (last) {
                completion = finalLength.capped(finalLength.next(rng));
                text = "The tests pass now. Summary of the change:\n" + CodeBank.codeAnswer(rng);
                finish = finalLength.finish(completion, "stop");
            } else {
                String tool = CodeBank.tool(rng);
                completion = finalLength.capped(between(20, 300));
                text = "{\"tool\":\"" + tool + "\",\"arguments\":{\"path\":\"src/" + rng.nextInt(40) + ".py\"}}";
                finish = "tool_calls";
                loop.add(new Message("assistant", text));
                loop.add(new Message("tool", toolResult()));
            }
            latency = 300 + completion * (long) between(8, 20);
            return emit(ts, Endpoint.CHAT_COMPLETIONS, model,
                    new RequestDraft().messages(messages).temperature(0.0).maxTokens(finalLength.maxTokens())
                            .stream(Boolean.TRUE).build(),
                    ok(text, null, finish, Tokens.of(messages), completion, latency));
        }

        private String toolResult() {
            StringBuilder sb = new StringBuilder(String.format(RESULTS[rng.nextInt(RESULTS.length)],
                    1 + rng.nextInt(400), "checkout"));
            int chars = between(150, 1_200);
            while (sb.length() < chars) {
                sb.append('\n').append(CodeBank.completionContext(rng));
            }
            return sb.toString();
        }
    }
}
