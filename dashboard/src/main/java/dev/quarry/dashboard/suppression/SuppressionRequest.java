package dev.quarry.dashboard.suppression;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an analyst asks for with {@code POST /api/suppressions}: exactly one of {@code client_id}
 * and {@code org_id}, and optionally {@code detectors} (absent: every detector), {@code reason}
 * and {@code expires_at} (RFC 3339, or epoch millis; compared with the events' time). Immutable;
 * {@link #validated} checks it.
 */
public record SuppressionRequest(
        @JsonProperty("client_id") String clientId,
        @JsonProperty("org_id") String orgId,
        @JsonProperty("detectors") List<String> detectors,
        @JsonProperty("reason") String reason,
        @JsonProperty("expires_at") String expiresAt) {

    /** Longest client or organisation id. */
    public static final int MAX_ID_CHARS = 256;
    /** Longest reason. */
    public static final int MAX_REASON_CHARS = 1000;

    /**
     * A request whose fields have been checked.
     *
     * @param detectors the detectors to hold back; empty: every detector
     * @param expiresAt epoch millis of event time, or null
     */
    public record Valid(String clientId, String orgId, List<String> detectors, String reason, Long expiresAt) {}

    /**
     * The request with its ids trimmed, its detectors checked against {@code known}, and its expiry parsed.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    public Valid validated(Set<String> known) {
        String client = id("client_id", clientId);
        String org = id("org_id", orgId);
        if ((client == null) == (org == null)) {
            throw new IllegalArgumentException("exactly one of client_id and org_id is required, got "
                    + (client == null ? "neither" : "both"));
        }
        List<String> names = List.of();
        if (detectors != null) {
            if (detectors.isEmpty()) {
                throw new IllegalArgumentException("detectors: name at least one detector, or leave detectors out to hold back every detector");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (String d : detectors) {
                String name = d == null ? "" : d.trim();
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("detectors: unknown detector '" + name + "', expected some of "
                            + String.join(", ", new TreeSet<>(known)));
                }
                seen.add(name);
            }
            names = List.copyOf(seen);
        }
        String why = reason == null ? "" : reason.strip();
        if (why.length() > MAX_REASON_CHARS) {
            throw new IllegalArgumentException("reason: at most " + MAX_REASON_CHARS + " characters, got " + why.length());
        }
        return new Valid(client, org, names, why, expiry(expiresAt));
    }

    private static String id(String field, String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.isEmpty() || v.length() > MAX_ID_CHARS || v.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + ": 1 to " + MAX_ID_CHARS + " characters, no control characters");
        }
        return v;
    }

    private static Long expiry(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        try {
            if (v.matches("-?\\d{1,18}")) {
                return Long.parseLong(v);
            }
            // RFC 3339 allows a lower-case 't' and 'z' and a space for the 'T'; ISO 8601 parsing does not.
            return OffsetDateTime.parse(v.toUpperCase(Locale.ROOT).replace(' ', 'T')).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("expires_at: expected an RFC 3339 timestamp such as 2026-12-01T00:00:00Z"
                    + " (or epoch millis), got '" + v + "'");
        }
    }
}
