package dev.quarry.dashboard.sink;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import dev.quarry.dashboard.runtime.KafkaClients;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The sinks of the {@code sinks:} section, built and wired: one {@link SinkRunner} per destination,
 * each in its consumer group ({@code groupPrefix} + name), with its counters in the metric registry
 * and a health check {@code sink-<name>} that fails when its runner stopped. Built once in the
 * application's {@code run}; immutable afterwards.
 */
public final class AlertSinks {
    private final SinksSettings settings;
    private final SinkDeadLetters deadLetters;
    private final List<SinkRunner> runners;

    private AlertSinks(SinksSettings settings, SinkDeadLetters deadLetters, List<SinkRunner> runners) {
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.runners = List.copyOf(runners);
    }

    /** The runners of {@code settings} on the alerts topic of the cluster of {@code clients}; none when it lists none. */
    public static AlertSinks of(SinksSettings settings, KafkaClients clients, String alertsTopic, MetricRegistry metrics,
            Clock clock) {
        if (settings.destinations().isEmpty()) {
            return new AlertSinks(settings, null, List.of());
        }
        SinkDeadLetters deadLetters = new SinkDeadLetters(clients, settings.deadLetterTopic(), clock);
        List<SinkRunner> runners = new ArrayList<>();
        for (SinkSettings s : settings.destinations()) {
            runners.add(new SinkRunner(s, sink(s, clients, clock), clients, settings.groupOf(s), alertsTopic, deadLetters,
                    SinkMetrics.register(metrics, s.name())));
        }
        return new AlertSinks(settings, deadLetters, runners);
    }

    /** The sink of one destination. */
    public static AlertSink sink(SinkSettings s, KafkaClients clients, Clock clock) {
        return switch (s.type()) {
            case WEBHOOK -> HttpSink.webhook(s, clock);
            case SLACK -> HttpSink.slack(s);
            case PAGERDUTY -> HttpSink.pagerDuty(s);
            case OCSF -> OcsfSink.of(s, clients);
        };
    }

    /**
     * The topics the sinks write to besides their receivers: the dead-letter topic and the OCSF
     * sinks' topics; empty without sinks. The application creates them with the others.
     */
    public Set<String> outputTopics() {
        Set<String> topics = new LinkedHashSet<>();
        if (!runners.isEmpty()) {
            topics.add(settings.deadLetterTopic());
            for (SinkSettings s : settings.destinations()) {
                if (s.type() == SinkType.OCSF && !s.topic().isBlank()) {
                    topics.add(s.topic());
                }
            }
        }
        return topics;
    }

    public List<SinkRunner> runners() {
        return runners;
    }

    /**
     * Manages the runners (the dead-letter producer closes after them) and registers a health
     * check per sink.
     */
    public void register(Environment env) {
        if (deadLetters != null) {
            env.lifecycle().manage(new AutoCloseableManager(deadLetters));
        }
        for (SinkRunner runner : runners) {
            env.lifecycle().manage(runner);
            env.healthChecks().register("sink-" + runner.name(), new HealthCheck() {
                @Override
                protected Result check() {
                    return runner.isAlive() ? Result.healthy() : Result.unhealthy("sink " + runner.name() + " is not polling");
                }
            });
        }
    }
}
