package dev.quarry.detectors.peers;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The peer statistics in force, as the running topology last read them from
 * {@code topics.peerStats}: per shape, the {@link PeerSnapshot}s of the boundaries of the last
 * {@value #KEEP_HOURS} hours, each or an explicit "no clients" at its boundary. A client's event is
 * compared with the snapshot of the newest boundary at or before a point of its own event time
 * ({@link #at}), not with whichever snapshot arrived last: which snapshot an event reads then
 * depends on event time only, not on how fast the global thread or other partitions ran, so a
 * replay in process, a replay on a broker and the live path read the same one as long as the
 * statistics side is no further behind than the read lag ({@code peers.readLag}).
 *
 * <p>Written by the global thread ({@link PeerStatsUpdater}), read by every stream thread: the map
 * is replaced whole (copy on write, once a boundary per shape), so readers see one consistent view
 * without locking. Thread-safe.
 */
public final class LivePeerStats {
    /** Hours of boundaries kept behind the newest one of a shape. */
    public static final int KEEP_HOURS = 24;
    private static final long KEEP_MILLIS = KEEP_HOURS * 3_600_000L;
    private volatile Map<ClientShape, NavigableMap<Long, Optional<PeerSnapshot>>> current = Map.of();

    /** The shape's snapshot of its newest boundary, or null (none, or no clients then). */
    public PeerSnapshot of(ClientShape shape) {
        NavigableMap<Long, Optional<PeerSnapshot>> byBoundary = current.get(shape);
        return byBoundary == null || byBoundary.isEmpty() ? null : byBoundary.lastEntry().getValue().orElse(null);
    }

    /**
     * The shape's snapshot of the newest boundary at or before {@code asOf} (event time, epoch
     * ms), or null: none that old is kept, or the shape had no clients then.
     */
    public PeerSnapshot at(ClientShape shape, long asOf) {
        NavigableMap<Long, Optional<PeerSnapshot>> byBoundary = current.get(shape);
        Map.Entry<Long, Optional<PeerSnapshot>> e = byBoundary == null ? null : byBoundary.floorEntry(asOf);
        return e == null ? null : e.getValue().orElse(null);
    }

    /** Records the shape's snapshot at a boundary; null: the shape had no clients at that boundary. */
    public synchronized void put(ClientShape shape, long boundary, PeerSnapshot snapshot) {
        NavigableMap<Long, Optional<PeerSnapshot>> byBoundary = new TreeMap<>(current.getOrDefault(shape, Collections.emptyNavigableMap()));
        byBoundary.put(boundary, Optional.ofNullable(snapshot));
        byBoundary.headMap(byBoundary.lastKey() - KEEP_MILLIS, false).clear();
        replace(shape, byBoundary);
    }

    /** Forgets a shape's snapshot at a boundary (its record was deleted from the topic). */
    public synchronized void remove(ClientShape shape, long boundary) {
        NavigableMap<Long, Optional<PeerSnapshot>> old = current.get(shape);
        if (old == null || !old.containsKey(boundary)) {
            return;
        }
        NavigableMap<Long, Optional<PeerSnapshot>> byBoundary = new TreeMap<>(old);
        byBoundary.remove(boundary);
        replace(shape, byBoundary);
    }

    /** Forgets every snapshot of a shape. */
    public synchronized void clear(ClientShape shape) {
        replace(shape, null);
    }

    private void replace(ClientShape shape, NavigableMap<Long, Optional<PeerSnapshot>> byBoundary) {
        Map<ClientShape, NavigableMap<Long, Optional<PeerSnapshot>>> next = new EnumMap<>(ClientShape.class);
        next.putAll(current);
        if (byBoundary == null || byBoundary.isEmpty()) {
            next.remove(shape);
        } else {
            next.put(shape, Collections.unmodifiableNavigableMap(byBoundary));
        }
        current = Map.copyOf(next);
    }
}
