package dev.quarry.detectors.suppression;

import java.util.Collection;

/**
 * The suppressions in force, as the topology read them from the suppressions topic: its global
 * store's updater writes here, and every stream thread reads {@link #current()} for each event.
 * Writes are rare (an analyst's), reads constant, so each write publishes a new immutable
 * {@link Suppressions} and a read is one volatile load. Thread-safe.
 */
public final class LiveSuppressions {
    private volatile Suppressions current = Suppressions.none();

    /** The suppressions in force now. */
    public Suppressions current() {
        return current;
    }

    /** Adds or replaces a suppression. */
    public synchronized void put(Suppression s) {
        current = current.with(s);
    }

    /** Removes the suppression of that id (a tombstone on the topic); unknown ids are ignored. */
    public synchronized void remove(String id) {
        current = current.without(id);
    }

    /** Replaces every suppression, e.g. with the contents of the global store after its restore. */
    public synchronized void replaceAll(Collection<Suppression> all) {
        current = Suppressions.of(all);
    }
}
