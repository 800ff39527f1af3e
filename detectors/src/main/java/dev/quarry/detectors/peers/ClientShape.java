package dev.quarry.detectors.peers;

import java.util.Locale;

/**
 * The shape of a client key, inferred from its behaviour ({@link ShapeClassifier}): whom a client
 * is compared with. The event contract has no end-user field, so a key's shape is read from how
 * it calls the API. Client state stores a shape by its ordinal: new shapes go at the end.
 */
public enum ClientShape {
    /** Too few events to tell. Never compared with peers. */
    UNKNOWN,
    /** An organisation's product key with many end users behind it: one system prompt, varied user turns, or many sources. */
    PRODUCT,
    /** A personal key: one person's bursts and pauses. */
    PERSONAL,
    /** A batch job: machine cadence through every hour of its span. */
    BATCH;

    /** Lower-case wire name, as in alert evidence and the peer-statistics topic. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively. */
    public static ClientShape fromWireName(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
