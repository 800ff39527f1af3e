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
 * Health checks served on the admin port: broker reachable, topology running, ingestor alive,
 * journals followed.
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

    /** Healthy while the detection topology is running or rebalancing. */
    public static HealthCheck topology(DetectionService service) {
        return new HealthCheck() {
            @Override
            protected Result check() {
                KafkaStreams.State state = service.state();
                return state.isRunningOrRebalancing() ? Result.healthy(state.name()) : Result.unhealthy(state.name());
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
