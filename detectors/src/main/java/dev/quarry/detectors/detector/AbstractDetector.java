package dev.quarry.detectors.detector;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import java.io.DataInput;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every {@link Detector} has in common: its name, the kind of evidence it reports, how a
 * client's state starts, and how it is read back. A detector passes them to the constructor and
 * writes only {@code observe} and {@code headline}. Thread-safe as long as the functions given are.
 *
 * @param <S> the per-client state
 */
public abstract class AbstractDetector<S extends DetectorState> implements Detector<S> {
    private final String name;
    private final EvidenceGroup group;
    private final DetectorFinding zero;
    private final Supplier<S> fresh;
    private final StateReader<S> reader;

    /** Reads state written by {@link DetectorState#writeTo}. */
    @FunctionalInterface
    protected interface StateReader<S> {
        S read(DataInput in) throws IOException;
    }

    /**
     * @param name the detector's stable snake_case name
     * @param group the kind of evidence its findings are
     * @param fresh the state of a client never seen before
     * @param reader reads a state back
     */
    protected AbstractDetector(String name, EvidenceGroup group, Supplier<S> fresh, StateReader<S> reader) {
        this.name = Objects.requireNonNull(name, "name");
        this.group = Objects.requireNonNull(group, "group");
        this.zero = new DetectorFinding(name, group, 0.0, Map.of());
        this.fresh = Objects.requireNonNull(fresh, "fresh");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final EvidenceGroup group() {
        return group;
    }

    /** This detector's finding: the score rounded to four decimals, with its evidence. */
    protected final DetectorFinding finding(double score, Map<String, Object> evidence) {
        return new DetectorFinding(name, group, DetectorFinding.round(Math.max(0.0, Math.min(1.0, score))), evidence);
    }

    /**
     * The finding of a detector that re-evaluated the client and sees nothing now: it replaces the
     * detector's earlier finding, which then fades from the alert. One shared instance.
     */
    protected final DetectorFinding zero() {
        return zero;
    }

    @Override
    public final S newState() {
        return fresh.get();
    }

    @Override
    public final S readState(DataInput in) throws IOException {
        return reader.read(in);
    }
}
