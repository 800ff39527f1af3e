package dev.quarry.detectors.fusion;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-subject state of {@link AlertFusion}: the latest finding of each detector and the alert that
 * is open, if any. Encoded as JSON in the client profile (small, and readable when debugging a
 * state store). Mutable; confined to one stream thread.
 */
public final class FusionState {
    /** Latest finding per detector name, sorted by name. */
    @JsonProperty("latest")
    Map<String, DetectorFinding> latest = new TreeMap<>();
    /** Event time of each latest finding. */
    @JsonProperty("latest_ts")
    Map<String, Long> latestTs = new TreeMap<>();
    /** Fused score at the last fusion. */
    @JsonProperty("last_fused")
    double lastFused;
    @JsonProperty("alert_id")
    String alertId;
    @JsonProperty("version")
    int version;
    @JsonProperty("severity")
    Severity severity;
    @JsonProperty("score")
    double score;
    @JsonProperty("first_ts")
    long firstTs;
    @JsonProperty("last_published_ts")
    long lastPublishedTs;
    @JsonProperty("last_signal_ts")
    long lastSignalTs;
    /** Alerts opened for this subject so far (a closed alert's successor gets a fresh id). */
    @JsonProperty("opened")
    int opened;
    /** Alert versions not published because nothing changed enough. */
    @JsonProperty("suppressed")
    long suppressed;

    /** The open alert's id, or null. */
    public String alertId() {
        return alertId;
    }

    /** Alerts opened for this subject so far. */
    public int openedCount() {
        return opened;
    }

    public Severity severity() {
        return severity;
    }

    /** The fused score of the latest findings, as of the last fusion. */
    public double latestScore() {
        return lastFused;
    }

    public long suppressed() {
        return suppressed;
    }

    /** Encodes this state for the client profile. */
    public byte[] encode() {
        try {
            return AlertJson.mapper().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a state written by {@link #encode()}. */
    public static FusionState decode(byte[] bytes) {
        try {
            return AlertJson.mapper().readValue(bytes, FusionState.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
