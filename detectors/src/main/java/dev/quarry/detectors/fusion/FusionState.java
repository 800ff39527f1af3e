package dev.quarry.detectors.fusion;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.codec.StateInput;
import dev.quarry.detectors.codec.StateOutput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-subject state of {@link AlertFusion}: the latest finding of each detector and the alert that
 * is open, if any. Encoded in binary in the client profile, with each
 * finding's evidence as JSON. Mutable; confined to one stream thread.
 */
public final class FusionState {
    /** Latest finding per detector name, sorted by name. */
    Map<String, DetectorFinding> latest = new TreeMap<>();
    /** Event time of each latest finding. */
    Map<String, Long> latestTs = new TreeMap<>();
    /** Evidence JSON of the findings as decoded, reused when a finding is written back unchanged. */
    private final Map<String, DecodedEvidence> decodedEvidence = new HashMap<>();
    /** Fused score at the last fusion. */
    double lastFused;
    String alertId;
    int version;
    Severity severity;
    double score;
    long firstTs;
    long lastPublishedTs;
    long lastSignalTs;
    /** Alerts opened for this subject so far (a closed alert's successor gets a fresh id). */
    int opened;
    /** Alert versions not published because nothing changed enough. */
    long suppressed;
    /** Whether the last published version was capped at low by an analyst's suppression. */
    boolean heldDown;

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

    private static final byte FORMAT = 4;
    /** Format 3 had no held-down flag: it reads as false. */
    private static final byte FORMAT_WITHOUT_HOLD = 3;
    /** Format 2 kept no evidence groups: its findings are dropped on read and renewed by the detectors. */
    private static final byte FORMAT_WITHOUT_GROUPS = 2;
    private static final EvidenceGroup[] GROUPS = EvidenceGroup.values();
    private static final TypeReference<LinkedHashMap<String, Object>> EVIDENCE = new TypeReference<>() {};

    /**
     * Encodes this state for the client profile: the numbers in binary (format 4), each latest
     * finding's evidence as JSON, since evidence is free-form. Deterministic: findings are sorted by
     * detector name.
     */
    public byte[] encode() {
        StateOutput out = new StateOutput(256);
        writeTo(out);
        return out.toByteArray();
    }

    /** Writes what {@link #encode()} returns. */
    public void writeTo(DataOutput out) {
        try {
            out.writeByte(FORMAT);
            out.writeDouble(lastFused);
            out.writeBoolean(alertId != null);
            if (alertId != null) {
                out.writeUTF(alertId);
            }
            out.writeInt(version);
            out.writeUTF(severity == null ? "" : severity.name());
            out.writeDouble(score);
            out.writeLong(firstTs);
            out.writeLong(lastPublishedTs);
            out.writeLong(lastSignalTs);
            out.writeInt(opened);
            out.writeLong(suppressed);
            out.writeBoolean(heldDown);
            out.writeInt(latest.size());
            for (Map.Entry<String, DetectorFinding> e : latest.entrySet()) {
                DetectorFinding f = e.getValue();
                out.writeUTF(e.getKey());
                out.writeByte(f.group().ordinal());
                out.writeDouble(f.score());
                Long ts = latestTs.get(e.getKey());
                out.writeLong(ts == null ? 0L : ts);
                // A finding carried over unchanged from the decoded state keeps its JSON bytes.
                DecodedEvidence kept = decodedEvidence.get(e.getKey());
                byte[] evidence = kept != null && kept.finding == f ? kept.json
                        : AlertJson.mapper().writeValueAsBytes(f.evidence());
                out.writeInt(evidence.length);
                out.write(evidence);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A finding as decoded, with the JSON its evidence was read from. */
    private record DecodedEvidence(DetectorFinding finding, byte[] json) {}

    /** Decodes a state written by {@link #encode()}. */
    public static FusionState decode(byte[] bytes) {
        try {
            StateInput in = new StateInput(bytes);
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_WITHOUT_HOLD && format != FORMAT_WITHOUT_GROUPS) {
                throw new IllegalStateException("unknown fusion state format " + format);
            }
            FusionState s = new FusionState();
            s.lastFused = in.readDouble();
            s.alertId = in.readBoolean() ? in.readUTF() : null;
            s.version = in.readInt();
            String severity = in.readUTF();
            s.severity = severity.isEmpty() ? null : Severity.valueOf(severity);
            s.score = in.readDouble();
            s.firstTs = in.readLong();
            s.lastPublishedTs = in.readLong();
            s.lastSignalTs = in.readLong();
            s.opened = in.readInt();
            s.suppressed = in.readLong();
            s.heldDown = format == FORMAT && in.readBoolean();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                EvidenceGroup group = format != FORMAT_WITHOUT_GROUPS ? GROUPS[in.readUnsignedByte()] : null;
                double score = in.readDouble();
                long ts = in.readLong();
                byte[] evidence = new byte[in.readInt()];
                in.readFully(evidence);
                if (group == null) {
                    continue;
                }
                DetectorFinding finding = new DetectorFinding(name, group, score, AlertJson.mapper().readValue(evidence, EVIDENCE));
                s.latest.put(name, finding);
                s.decodedEvidence.put(name, new DecodedEvidence(finding, evidence));
                s.latestTs.put(name, ts);
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
