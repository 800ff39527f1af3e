package dev.quarry.detectors.peers;

import java.util.EnumMap;
import java.util.Map;

/**
 * The peer statistics in force: the latest {@link PeerSnapshot} of each shape, as the running
 * topology last read them from {@code topics.peerStats}. Written by the global thread
 * ({@link PeerStatsUpdater}), read by every stream thread: the map is replaced whole (copy on
 * write), so readers see one consistent view without locking. Thread-safe.
 */
public final class LivePeerStats {
    private volatile Map<ClientShape, PeerSnapshot> current = Map.of();

    /** The shape's latest snapshot, or null. */
    public PeerSnapshot of(ClientShape shape) {
        return current.get(shape);
    }

    /** Replaces or (null) removes a shape's snapshot. */
    public synchronized void put(ClientShape shape, PeerSnapshot snapshot) {
        Map<ClientShape, PeerSnapshot> next = new EnumMap<>(ClientShape.class);
        next.putAll(current);
        if (snapshot == null) {
            next.remove(shape);
        } else {
            next.put(shape, snapshot);
        }
        current = Map.copyOf(next);
    }
}
