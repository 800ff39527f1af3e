package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.TaskBank;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Attack {@code hydra_cluster}: one distillation job spread over a fleet of accounts so that no
 * single key stands out, as in the "hydra cluster" architecture of Anthropic's 2026 report on
 * distillation attacks (tens to thousands of fraudulent accounts behind proxy services, each kept
 * under per-key rate limits, with shared infrastructure). Members of one cluster share:
 * <ul>
 *   <li>some infrastructure, which the roster draws per fleet: an IPv4 /24, a client stack (user
 *       agent and TLS fingerprint), one payment fingerprint or a small pool of them, a working time
 *       zone; some fleets share none of these;
 *   <li>one prompt template of {@link #TEMPLATES} and one task order, split so no task is sent
 *       twice by the cluster;
 *   <li>load-balanced timing: one period for all and evenly staggered phases, so the cluster as a
 *       whole sends at a smooth rate while each key stays below the fleet's per-key hourly cap,
 *       drawn per fleet between {@value #MIN_HOURLY_CAP} and {@value #MAX_HOURLY_CAP} calls
 *       (log-uniform: providers' per-key limits differ by tier and model).
 * </ul>
 * Per fleet also the output length (median 150-2,000 tokens) and temperature (0.2-1.0). Every
 * member carries the cluster's name as its {@code group} label.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class HydraCluster implements Archetype {
    /** Range of the per-key rate limit a fleet is built to stay under, in calls per hour. */
    public static final int MIN_HOURLY_CAP = 12;
    public static final int MAX_HOURLY_CAP = 300;
    /** Shared templates; {@code %s} is the task. */
    public static final List<String> TEMPLATES = List.of(
            "You are a world-class expert. %s. Give an exhaustive, well-structured answer with examples.",
            "Instruction: %s.\nWrite a comprehensive response and explain your reasoning in detail.",
            "### Task\n%s.\n### Requirements\nBe thorough. Include step-by-step reasoning and a summary.");

    @Override
    public String name() {
        return "hydra_cluster";
    }

    @Override
    public Label label() {
        return Label.ATTACK;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis);
    }

    /** The per-key hourly cap of the member's fleet, the same for every member. */
    static long hourlyCap(ClientProfile client) {
        return PerClient.logUniformLong(new SplittableRandom(client.groupSeed() ^ 0x5eedcafeL), MIN_HOURLY_CAP,
                MAX_HOURLY_CAP);
    }

    private static final class Stream extends ClientStream {
        private final String template;
        private final long periodMillis;
        private final long multiplier;
        private final long shift;
        private final OutputLength length;
        private final double temperature;
        private long request;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis) {
            super(client, rng, startMillis, endMillis);
            SplittableRandom plan = new SplittableRandom(client.groupSeed());
            this.template = TEMPLATES.get(plan.nextInt(TEMPLATES.size()));
            // 15-60% above the minimum spacing: with 10% jitter no hour ever holds the cap.
            this.periodMillis = Math.round(Clock.HOUR / (double) hourlyCap(client) * (1.15 + 0.45 * plan.nextDouble()));
            long size = TaskBank.size();
            long a = 1 + plan.nextLong(size - 1);
            while (!BigInteger.valueOf(a).gcd(BigInteger.valueOf(size)).equals(BigInteger.ONE)) {
                a = 1 + plan.nextLong(size - 1);
            }
            this.multiplier = a;
            this.shift = plan.nextLong(size);
            this.t = startMillis + periodMillis * client.groupRank() / client.groupSize();
            this.length = OutputLength.fixed(PerClient.logUniform(plan, 150, 2_000), PerClient.uniform(plan, 0.1, 0.5),
                    30, 4_096, 4_096);
            this.temperature = PerClient.temperature(plan, 0.2, 1.0);
        }

        @Override
        protected long schedule() {
            long ts = t;
            t += Clock.jittered(rng, periodMillis, 0.1);
            return ts;
        }

        @Override
        protected InferenceEvent build(long ts) {
            long slot = (request++ * client.groupSize() + client.groupRank()) % TaskBank.size();
            String task = TaskBank.task((int) ((multiplier * slot + shift) % TaskBank.size()));
            List<Message> messages = List.of(new Message("user", String.format(template, task)));
            int completion = length.next(rng);
            return emit(ts, Endpoint.CHAT_COMPLETIONS, Models.LARGE,
                    new RequestDraft().messages(messages).temperature(temperature).maxTokens(4096).build(),
                    ok(Answers.reasoning(task), null, "stop", Tokens.of(messages), completion,
                            400 + completion * (long) between(15, 25)));
        }
    }
}
