package dev.quarry.dashboard.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and describes Quarry's topics (events, dead letters, alerts) on a cluster through
 * Kafka's {@link Admin} client. Kafka Streams creates the topology's internal topics itself.
 * Thread-safe, as the admin client is; close it to release its connections.
 */
public final class TopicAdmin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(30);
    private final Admin admin;

    private TopicAdmin(Admin admin) {
        this.admin = admin;
    }

    /** An admin client of the cluster at {@code bootstrap} ({@code host:port,...}). */
    public static TopicAdmin connect(String bootstrap) {
        return connect(KafkaClients.of(bootstrap));
    }

    /** An admin client of the cluster of {@code clients}, with its connection settings. */
    public static TopicAdmin connect(KafkaClients clients) {
        return new TopicAdmin(Admin.create(clients.admin()));
    }

    /** Creates the topics that do not exist yet (name to partition count). */
    public void createMissing(Map<String, Integer> partitions, short replication) {
        createMissing(partitions, replication, Map.of());
    }

    /**
     * Creates the topics that do not exist yet, with the given topic-level configs. Topics that
     * exist are left as they are, whatever their partitions, replication or configs; a topic that
     * another process creates meanwhile is not an error.
     */
    public void createMissing(Map<String, Integer> partitions, short replication, Map<String, String> configs) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            partitions.forEach((name, n) -> {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, n, replication).configs(configs));
                }
            });
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                awaitVisible(missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topics " + partitions.keySet(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Waits until every broker the admin client asks describes the new topics: creation returns
     * once the controller has committed it, and a client that looks the topic up right after (the
     * alert service's journals read theirs at start-up) could otherwise be told it does not exist.
     */
    private void awaitVisible(List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + VISIBLE_TIMEOUT.toNanos();
        while (true) {
            try {
                admin.describeTopics(names).allTopicNames().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("created topics " + names + " are not visible after "
                            + VISIBLE_TIMEOUT, e.getCause());
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * The partition count of {@code topic}, or 0 when it does not exist (yet) or cannot be
     * described: callers treat 0 as "layout unknown".
     */
    public int partitionCount(String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (ExecutionException e) {
            LOG.warn("Could not describe topic {}: {}", topic, e.getCause().toString());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + topic, e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
