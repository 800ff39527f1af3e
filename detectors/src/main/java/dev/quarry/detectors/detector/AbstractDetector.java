package dev.quarry.detectors.detector;

import java.io.DataInput;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every {@link Detector} has in common: its name, how a client's state starts, and how it is
 * read back. A detector passes them to the constructor and writes only {@code observe} and
 * {@code headline}. Thread-safe as long as the functions given are.
 *
 * @param <S> the per-client state
 */
public abstract class AbstractDetector<S extends DetectorState> implements Detector<S> {
    private final String name;
    private final Supplier<S> fresh;
    private final StateReader<S> reader;

    /** Reads state written by {@link DetectorState#writeTo}. */
    @FunctionalInterface
    protected interface StateReader<S> {
        S read(DataInput in) throws IOException;
    }

    /**
     * @param name the detector's stable snake_case name
     * @param fresh the state of a client never seen before
     * @param reader reads a state back
     */
    protected AbstractDetector(String name, Supplier<S> fresh, StateReader<S> reader) {
        this.name = Objects.requireNonNull(name, "name");
        this.fresh = Objects.requireNonNull(fresh, "fresh");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    @Override
    public final String name() {
        return name;
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
