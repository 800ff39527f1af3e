package dev.quarry.dashboard.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging of the one-shot commands (replay, eval, bench), which do not get the server's logging
 * configuration. Stateless.
 */
public final class CommandLogging {
    private CommandLogging() {}

    /**
     * Keeps the embedded broker and the Kafka clients to errors, and drops the retried
     * first-produce races of transactions v2 (see quarry-demo.yml), so a command's progress lines
     * and summary stay readable.
     */
    public static void quietKafka() {
        level("kafka", Level.ERROR);
        level("org.apache.kafka", Level.ERROR);
        level("state.change.logger", Level.ERROR);
        level("kafka.server.ReplicaManager", Level.OFF);
        level("org.apache.kafka.clients.producer.internals.Sender", Level.OFF);
    }

    private static void level(String logger, Level level) {
        if (LoggerFactory.getLogger(logger) instanceof Logger l) {
            l.setLevel(level);
        }
    }
}
