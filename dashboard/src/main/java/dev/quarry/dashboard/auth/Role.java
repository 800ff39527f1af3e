package dev.quarry.dashboard.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an API token may do. The reading roles nest: {@link #ADMIN} can do everything
 * {@link #ANALYST} can, which can do everything {@link #VIEWER} can. {@link #INGEST} and {@link #PEER}
 * stand apart: one may only post events, the other may only read a client's live state for another
 * instance.
 */
public enum Role {
    /** Reads alerts, clients, stats and the live feed. */
    VIEWER,
    /** Also triages alerts. */
    ANALYST,
    /** Also reads the audit log. */
    ADMIN,
    /** Only posts events (for a collector); reads nothing. */
    INGEST,
    /**
     * Only reads a client's live state ({@code GET /api/client-state}), for another instance
     * forwarding a page session's request ({@code QUARRY_PEER_TOKEN}); cannot sign in.
     */
    PEER;

    /** The roles' wire names as compile-time constants, for {@code @RolesAllowed}. */
    public static final class Names {
        public static final String VIEWER = "viewer";
        public static final String ANALYST = "analyst";
        public static final String ADMIN = "admin";
        public static final String INGEST = "ingest";
        public static final String PEER = "peer";

        private Names() {}
    }

    /** Lower-case name, as in the configuration and the API. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the roles there are
     */
    @JsonCreator
    public static Role fromWireName(String s) {
        for (Role r : values()) {
            if (r.wireName().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + s + "', expected one of "
                + Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", ")));
    }

    /** Whether a token with this role may do what {@code required} may. */
    public boolean grants(Role required) {
        return switch (this) {
            case INGEST -> required == INGEST;
            case PEER -> required == PEER;
            case ADMIN -> required != INGEST && required != PEER;
            case ANALYST -> required == ANALYST || required == VIEWER;
            case VIEWER -> required == VIEWER;
        };
    }
}
