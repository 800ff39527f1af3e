package dev.quarry.detectors.detector;

import java.io.DataOutput;
import java.io.IOException;

/**
 * One detector's per-client state. It is written to the client's profile in the state store after
 * every event, so it must stay small and bounded, and its encoding must be deterministic: the
 * live and the replay paths have to reach byte-identical states from the same events.
 * Instances are confined to one stream thread.
 */
public interface DetectorState {

    /** Writes this state; the owning {@link Detector#readState} reads it back. */
    void writeTo(DataOutput out) throws IOException;
}
