package dev.quarry.detectors.detector;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A detector state's encoding, for round-trip and size assertions. */
final class StateBytes {
    private StateBytes() {}

    static byte[] of(DetectorState state) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            state.writeTo(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
