package dev.quarry.detectors.detector;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** Runs one detector over a sequence, round-tripping its state through its encoding every event. */
final class DetectorHarness<S extends DetectorState> {
    private final Detector<S> detector;
    private final MinHasher hasher;
    private S state;
    private Optional<DetectorFinding> last = Optional.empty();
    private Optional<DetectorFinding> lastReported = Optional.empty();
    private double maxScore;

    DetectorHarness(Detector<S> detector) {
        this(detector, new MinHasher(64, 0x51A2_77E5L));
    }

    /** With prompt signatures from {@code hasher} (as {@code detection.signatures} configures them). */
    DetectorHarness(Detector<S> detector, MinHasher hasher) {
        this.detector = detector;
        this.hasher = hasher;
        this.state = detector.newState();
    }

    DetectorHarness<S> feed(List<InferenceEvent> events) {
        for (InferenceEvent e : events) {
            Optional<DetectorFinding> f = detector.observe(e, PromptFeatures.of(e.request(), hasher), state);
            if (f.isPresent()) {
                // as fusion does: an event without a finding leaves the detector's last one standing,
                // and a zero score withdraws it
                last = f.get().score() > 0 ? f : Optional.empty();
                lastReported = f;
                maxScore = Math.max(maxScore, f.get().score());
            }
            state = roundTrip(state);
        }
        return this;
    }

    /** The client's state after the last event fed. */
    S state() {
        return state;
    }

    /** The detector's latest finding, as fusion holds it. */
    Optional<DetectorFinding> last() {
        return last;
    }

    /** The detector's latest report, a zero score included. */
    Optional<DetectorFinding> lastReported() {
        return lastReported;
    }

    double maxScore() {
        return maxScore;
    }

    private S roundTrip(S s) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            s.writeTo(new DataOutputStream(bytes));
            return detector.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
