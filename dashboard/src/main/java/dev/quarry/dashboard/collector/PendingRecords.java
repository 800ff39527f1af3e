package dev.quarry.dashboard.collector;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records handed to Kafka and not yet acknowledged, against a limit: the collector's
 * back-pressure. Thread-safe.
 */
final class PendingRecords {
    private final int max;
    private final AtomicInteger pending = new AtomicInteger();

    PendingRecords(int max) {
        this.max = max;
    }

    /**
     * Reserves room for {@code n} records; false when that would pass the limit. A batch larger
     * than the limit is let through when nothing else is pending, so that it cannot wait forever.
     */
    boolean tryReserve(int n) {
        while (true) {
            int now = pending.get();
            if (now > 0 && now + n > max) {
                return false;
            }
            if (pending.compareAndSet(now, now + n)) {
                return true;
            }
        }
    }

    /** Gives back {@code n} records: acknowledged, failed, or never sent. */
    void release(int n) {
        pending.addAndGet(-n);
    }

    int get() {
        return pending.get();
    }
}
