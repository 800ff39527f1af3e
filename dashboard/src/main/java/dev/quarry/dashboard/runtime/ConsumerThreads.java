package dev.quarry.dashboard.runtime;

import java.time.Duration;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Stopping a thread that polls a {@link KafkaConsumer} in a loop, as the alert ingestor, the
 * journals and the alert sinks do: the caller has already cleared its running flag; this wakes
 * the consumer out of {@code poll} (the loop then sees a {@code WakeupException}) and waits for
 * the thread. Stateless.
 */
public final class ConsumerThreads {
    private ConsumerThreads() {}

    /**
     * @param consumer the loop's consumer, or null when it has not started
     * @param thread the loop's thread, or null when it has not started
     * @param interrupt whether to interrupt the thread too, for a loop that may be sleeping or in
     *     a blocking call other than {@code poll}
     * @param timeout how long to wait for the thread to end
     */
    public static void stop(KafkaConsumer<?, ?> consumer, Thread thread, boolean interrupt, Duration timeout)
            throws InterruptedException {
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            if (interrupt) {
                thread.interrupt();
            }
            thread.join(timeout.toMillis());
        }
    }
}
