package dev.quarry.detectors.state;

import dev.quarry.detectors.codec.StateInput;
import dev.quarry.detectors.codec.StateOutput;
import dev.quarry.detectors.detector.Detector;
import dev.quarry.detectors.detector.DetectorState;
import dev.quarry.detectors.fusion.FusionState;
import java.io.DataInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Everything Quarry keeps about one client: counters every detector may use, one section per
 * detector, and the fusion state of its alert. Sections are decoded lazily, so a detector that
 * is disabled or removed costs nothing and its bytes are carried along untouched; a new detector
 * simply finds no section and starts fresh. This is what keeps per-client state extensible.
 *
 * <p>Encoding (format 1): {@code byte 1, long events, long firstTs, long lastTs, int sections,
 * then per section: UTF name, int length, bytes}, sections sorted by name so the encoding is
 * deterministic. Not thread-safe: confined to the stream thread that owns the client's partition.
 */
public final class ClientProfile {
    private static final byte FORMAT = 1;
    static final String FUSION_SECTION = "_fusion";

    private long events;
    private long firstTs = Long.MIN_VALUE;
    private long lastTs = Long.MIN_VALUE;
    private final Map<String, byte[]> encoded;
    /**
     * Decoded sections by name. A hash map: every detector looks its section up on every event,
     * and a sorted map's string comparisons cost more than the sort {@link #encode()} does once
     * per write.
     */
    private final Map<String, DetectorState> decoded = new HashMap<>();
    private FusionState fusion;

    public ClientProfile() {
        this.encoded = new TreeMap<>();
    }

    private ClientProfile(long events, long firstTs, long lastTs, Map<String, byte[]> encoded) {
        this.events = events;
        this.firstTs = firstTs;
        this.lastTs = lastTs;
        this.encoded = encoded;
    }

    /** Counts an event of this client at the given event time. */
    public void recordEvent(long ts) {
        events++;
        if (firstTs == Long.MIN_VALUE || ts < firstTs) {
            firstTs = ts;
        }
        if (ts > lastTs) {
            lastTs = ts;
        }
    }

    /** Deduplicated events of this client seen so far. */
    public long events() {
        return events;
    }

    public long firstTs() {
        return firstTs;
    }

    public long lastTs() {
        return lastTs;
    }

    /**
     * The detector's state for this client, decoded on first access, created when absent. A
     * section of the same detector in another state format is dropped (see
     * {@link Detector#stateFormat}).
     */
    public <S extends DetectorState> S state(Detector<S> detector) {
        String name = sectionName(detector);
        DetectorState s = decoded.get(name);
        if (s != null) {
            @SuppressWarnings("unchecked")
            S state = (S) s;
            return state;
        }
        if (!encoded.containsKey(name)) {
            dropOtherFormats(detector.name());
        }
        return section(name, detector::newState, detector::readState);
    }

    /** The section a detector's state is kept under: its name, then {@code /v<format>} from format 2 on. */
    public static String sectionName(Detector<?> detector) {
        int format = detector.stateFormat();
        return format == 1 ? detector.name() : detector.name() + "/v" + format;
    }

    private void dropOtherFormats(String detectorName) {
        encoded.keySet().removeIf(k -> k.equals(detectorName) || k.startsWith(detectorName + "/v"));
        decoded.keySet().removeIf(k -> k.equals(detectorName) || k.startsWith(detectorName + "/v"));
    }

    /** Reads a section's bytes back into its state. */
    @FunctionalInterface
    public interface SectionReader<S extends DetectorState> {
        S read(DataInput in) throws IOException;
    }

    /**
     * A named section of per-client state that is not a detector's (e.g. what the cluster path
     * tracks), decoded on first access, created when absent. Names must not clash with detectors'.
     */
    @SuppressWarnings("unchecked")
    public <S extends DetectorState> S section(String name, Supplier<S> fresh, SectionReader<S> reader) {
        DetectorState s = decoded.get(name);
        if (s == null) {
            byte[] bytes = encoded.get(name);
            try {
                s = bytes == null ? fresh.get() : reader.read(new StateInput(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException("corrupt state section " + name, e);
            }
            decoded.put(name, s);
            // The decoded state is the truth from now on (encode() writes it); a profile kept
            // resident should not also hold its old bytes.
            encoded.remove(name);
        }
        return (S) s;
    }

    /** The fusion state of this client's alert. */
    public FusionState fusion() {
        if (fusion == null) {
            byte[] bytes = encoded.get(FUSION_SECTION);
            fusion = bytes == null ? new FusionState() : FusionState.decode(bytes);
            encoded.remove(FUSION_SECTION);
        }
        return fusion;
    }

    /** True when this client ever had fusion state, i.e. some detector reported on it. */
    public boolean hasFusionState() {
        return fusion != null || encoded.containsKey(FUSION_SECTION);
    }

    /** Encodes the profile, re-encoding the sections that were decoded (and possibly changed). */
    public byte[] encode() {
        try {
            // Everything is written into one reused per-thread buffer and copied out once at its
            // exact size: profiles run to tens of KB and are written on every event.
            StateOutput out = ENCODE_BUFFER.get();
            out.reset();
            out.writeByte(FORMAT);
            out.writeLong(events);
            out.writeLong(firstTs);
            out.writeLong(lastTs);
            // A section is either still encoded or decoded (decoding drops its bytes), and the
            // fusion section is held apart once decoded: three disjoint sets of names, merged in
            // name order without building a set.
            boolean fusionApart = fusion != null;
            out.writeInt(encoded.size() + decoded.size() + (fusionApart ? 1 : 0));
            Iterator<Map.Entry<String, byte[]>> bytes = encoded.entrySet().iterator();
            String[] names = decoded.keySet().toArray(new String[0]);
            Arrays.sort(names);
            int nextDecoded = 0;
            Map.Entry<String, byte[]> b = bytes.hasNext() ? bytes.next() : null;
            String d = names.length > 0 ? names[nextDecoded] : null;
            while (b != null || d != null || fusionApart) {
                String next = b == null ? null : b.getKey();
                if (d != null && (next == null || d.compareTo(next) < 0)) {
                    next = d;
                }
                if (fusionApart && (next == null || FUSION_SECTION.compareTo(next) < 0)) {
                    writeSection(out, FUSION_SECTION, null, null);
                    fusionApart = false;
                } else if (b != null && next.equals(b.getKey())) {
                    writeSection(out, next, b.getValue(), null);
                    b = bytes.hasNext() ? bytes.next() : null;
                } else {
                    writeSection(out, next, null, decoded.get(d));
                    d = ++nextDecoded < names.length ? names[nextDecoded] : null;
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One section: its bytes, or its decoded state, or (both null) the fusion state. */
    private void writeSection(StateOutput out, String name, byte[] bytes, DetectorState state) throws IOException {
        out.writeUTF(name);
        int lengthAt = out.size();
        out.writeInt(0);
        if (bytes != null) {
            out.write(bytes);
        } else if (state != null) {
            state.writeTo(out);
        } else {
            fusion.writeTo(out);
        }
        out.writeIntAt(lengthAt, out.size() - lengthAt - 4);
    }

    private static final ThreadLocal<StateOutput> ENCODE_BUFFER = ThreadLocal.withInitial(() -> new StateOutput(64 * 1024));

    /** Decodes a profile written by {@link #encode()}. */
    public static ClientProfile decode(byte[] bytes) {
        try {
            StateInput in = new StateInput(bytes);
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown client profile format " + format);
            }
            long events = in.readLong();
            long firstTs = in.readLong();
            long lastTs = in.readLong();
            int n = in.readInt();
            Map<String, byte[]> sections = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                sections.put(name, b);
            }
            return new ClientProfile(events, firstTs, lastTs, sections);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
