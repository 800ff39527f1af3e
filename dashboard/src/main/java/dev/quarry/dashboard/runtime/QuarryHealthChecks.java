package dev.quarry.dashboard.runtime;

import com.codahale.metrics.health.HealthCheck;
import dev.quarry.dashboard.journal.KafkaJournal;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Health checks served on the admin port ({@code /healthcheck}) and, typed as readiness or
 * liveness in the {@code health:} section, at {@code /health-check} on the application port:
 * broker reachable, topology ready, stream threads alive, ingestor alive, journals followed.
 */
public final class QuarryHealthChecks {
    private QuarryHealthChecks() {}

    /** Healthy when the cluster answers a describe-cluster call within five seconds. */
    public static HealthCheck broker(KafkaClients clients) {
        String bootstrap = clients.bootstrapServers();
        return new HealthCheck() {
            @Override
            protected Result check() throws Exception {
                Map<String, Object> settings = clients.admin();
                settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
                settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
                try (Admin admin = Admin.create(settings)) {
                    int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000))
                            .nodes().get(5, TimeUnit.SECONDS).size();
                    return nodes > 0 ? Result.healthy("%d broker(s) at %s", nodes, bootstrap)
                            : Result.unhealthy("no brokers at %s", bootstrap);
                }
            }
        };
    }

    /**
     * Readiness of the detection topology: healthy only while it is {@code RUNNING} and no state
     * store is restoring (a rebalance, a restart that restores from the changelogs, a start-up);
     * healthy with a note in a process that runs no topology ({@code kafka.runTopology: false}).
     *
     * @param service null when this process runs no topology
     */
    public static HealthCheck topology(DetectionService service) {
        return new HealthCheck() {
            @Override
            protected Result check() {
                if (service == null) {
                    return Result.healthy("this process runs no topology");
                }
                KafkaStreams.State state = service.state();
                if (service.restoring()) {
                    return Result.unhealthy("%s, restoring state stores", state.name());
                }
                return service.ready() ? Result.healthy(state.name()) : Result.unhealthy(state.name());
            }
        };
    }

    /**
     * Liveness of the detection topology: unhealthy once it has started and then stopped working
     * for good ({@code ERROR}, {@code PENDING_ERROR}, {@code PENDING_SHUTDOWN}, {@code NOT_RUNNING})
     * or has no stream thread left alive; a restart is what helps then. Rebalancing and restoring
     * are alive. Healthy before the start and in a process that runs no topology.
     *
     * @param service null when this process runs no topology
     */
    public static HealthCheck streamThreads(DetectionService service) {
        return new HealthCheck() {
            @Override
            protected Result check() {
                if (service == null) {
                    return Result.healthy("this process runs no topology");
                }
                if (!service.started()) {
                    return Result.healthy("starting");
                }
                KafkaStreams.State state = service.state();
                int threads = service.liveStreamThreads();
                boolean alive = switch (state) {
                    case CREATED, REBALANCING, RUNNING -> threads > 0;
                    case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> false;
                };
                return alive ? Result.healthy("%s, %d stream thread(s) alive", state.name(), threads)
                        : Result.unhealthy("%s, %d stream thread(s) alive", state.name(), threads);
            }
        };
    }

    /** Healthy while the journal's thread follows its topic. */
    public static HealthCheck journal(KafkaJournal journal) {
        return new HealthCheck() {
            @Override
            protected Result check() {
                return journal.isAlive()
                        ? Result.healthy("%d records of %s read, %d unreadable", journal.records(), journal.topic(),
                                journal.unreadable())
                        : Result.unhealthy("not following %s", journal.topic());
            }
        };
    }

    /** Healthy while the alert ingestor polls. */
    public static HealthCheck ingestor(AlertIngestor ingestor) {
        return new HealthCheck() {
            @Override
            protected Result check() {
                return ingestor.isAlive()
                        ? Result.healthy("%d alerts ingested, %d unreadable", ingestor.ingested(), ingestor.unreadable())
                        : Result.unhealthy("alert ingestor is not polling");
            }
        };
    }
}
