package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.CodeBank;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Attack {@code capability_distiller}: harvests only one capability of the teacher, as the
 * campaigns in Anthropic's 2026 distillation report that targeted agentic reasoning, tool use
 * and coding specifically. Each client picks one capability and stays on it: either coding
 * (programming tasks asking for complete, commented solutions) or agentic tool use (a tool
 * manifest in the system prompt, a multi-step task, earlier tool calls and results replayed, and
 * answers that end in {@code tool_calls}). Per client: output median 200-3,000 tokens, temperature
 * 0-0.9, a mean gap of 4 s to 4 minutes with 10-70% jitter, around the clock.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class CapabilityDistiller implements Archetype {
    /** The agentic system prompt's opening; the tool names follow. */
    public static final String AGENT_SYSTEM = "You are an autonomous software agent. Plan, call tools, observe "
            + "results and iterate until the task is complete. Available tools: ";

    @Override
    public String name() {
        return "capability_distiller";
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
        private final boolean agentic;
        private final JitteredCadence cadence;
        private final OutputLength length;
        private final double temperature;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.agentic = rng.nextBoolean();
            this.cadence = new JitteredCadence(rng, startMillis, PerClient.logUniformLong(rng, 4_000, 240_000),
                    PerClient.uniform(rng, 0.1, 0.7));
            this.length = OutputLength.fixed(PerClient.logUniform(rng, 200, 3_000), PerClient.uniform(rng, 0.1, 0.5),
                    40, 4_096, 4_096);
            this.temperature = PerClient.temperature(rng, 0.0, 0.9);
        }

        @Override
        protected long schedule() {
            return cadence.next();
        }

        @Override
        protected InferenceEvent build(long ts) {
            List<Message> messages;
            String finish;
            if (agentic) {
                String tool = CodeBank.tool(rng);
                messages = List.of(
                        new Message("system", AGENT_SYSTEM + "read_file, write_file, run_tests, search_code, shell."),
                        new Message("user", CodeBank.agentTask(rng)),
                        new Message("assistant", "Calling " + tool + "."),
                        new Message("tool", "{\"tool\":\"" + tool + "\",\"exit_code\":" + rng.nextInt(2) + "}"));
                finish = "tool_calls";
            } else {
                String q = sources.prompts().draw(PromptSet.CODE, rng);
                q = q != null ? q : CodeBank.question(rng);
                messages = List.of(new Message("user", q + "\nGive a complete, production-quality solution with "
                        + "comments and explain each design decision."));
                finish = "stop";
            }
            int completion = length.next(rng);
            return emit(ts, Endpoint.CHAT_COMPLETIONS, Models.LARGE,
                    new RequestDraft().messages(messages).temperature(temperature).maxTokens(4096).build(),
                    ok(CodeBank.codeAnswer(rng), null, finish, Tokens.of(messages), completion,
                            400 + completion * (long) between(15, 25)));
        }
    }
}
