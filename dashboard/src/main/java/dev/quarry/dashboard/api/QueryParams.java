package dev.quarry.dashboard.api;

import dev.quarry.dashboard.store.AlertQuery;
import dev.quarry.dashboard.triage.TriageStatus;
import dev.quarry.detectors.alert.Severity;
import jakarta.ws.rs.WebApplicationException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Parses query parameters by hand rather than with Jersey's converters, which answer a malformed
 * number with 404. Every failure here is a 400 that names the parameter. Stateless.
 */
final class QueryParams {
    private static final String SEVERITY_NAMES = Arrays.stream(Severity.values())
            .map(Severity::wireName).collect(Collectors.joining(", "));

    private QueryParams() {}

    /**
     * Builds the store query; see {@link AlertsResource#search} for the parameters.
     *
     * @param more further criteria, added to the builder last
     */
    static AlertQuery alertQuery(List<String> severity, String minSeverity, String client,
            String from, String to, String q, String offset, String limit, Consumer<AlertQuery.Builder> more) {
        try {
            AlertQuery.Builder builder = AlertQuery.builder()
                    .severities(severities(severity))
                    .minSeverity(isBlank(minSeverity) ? null : severity("min_severity", minSeverity))
                    .clientId(client)
                    .fromTs(timestamp("from", from))
                    .toTs(timestamp("to", to))
                    .text(q)
                    .offset(integer("offset", offset, 0, 0, AlertQuery.MAX_OFFSET))
                    .limit(integer("limit", limit, AlertQuery.DEFAULT_LIMIT, 1, AlertQuery.MAX_LIMIT));
            more.accept(builder);
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest(e.getMessage());
        }
    }

    /** Repeated parameters, comma lists, or both: {@code severity=high&severity=low,medium}. */
    static Set<Severity> severities(List<String> values) {
        Set<Severity> result = EnumSet.noneOf(Severity.class);
        if (values != null) {
            for (String value : values) {
                for (String name : value.split(",")) {
                    if (!name.isBlank()) {
                        result.add(severity("severity", name));
                    }
                }
            }
        }
        return result;
    }

    /** Triage statuses, repeated or comma-separated like severities; empty when none is given. */
    static Set<TriageStatus> triageStatuses(List<String> values) {
        Set<TriageStatus> result = EnumSet.noneOf(TriageStatus.class);
        if (values != null) {
            for (String value : values) {
                for (String name : value.split(",")) {
                    if (!name.isBlank()) {
                        try {
                            result.add(TriageStatus.fromWireName(name));
                        } catch (IllegalArgumentException e) {
                            throw ApiErrors.badRequest("triage_status: " + e.getMessage());
                        }
                    }
                }
            }
        }
        return result;
    }

    static Severity severity(String param, String value) {
        try {
            return Severity.fromWireName(value);
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest(param + ": unknown severity '" + value.trim() + "', expected one of "
                    + SEVERITY_NAMES);
        }
    }

    /** Epoch millis, or an RFC 3339 timestamp with an offset ({@code 2025-03-01T12:00:00Z}). */
    static Long timestamp(String param, String value) {
        if (isBlank(value)) {
            return null;
        }
        String v = value.trim();
        if (v.matches("-?\\d+")) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw ApiErrors.badRequest(param + ": epoch millis out of range: '" + v + "'");
            }
        }
        try {
            // RFC 3339 allows a lower-case 't' and 'z' and a space for the 'T'; ISO 8601 parsing does not.
            String iso = v.toUpperCase(Locale.ROOT).replace(' ', 'T');
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ApiErrors.badRequest(param + ": expected epoch millis or an RFC 3339 timestamp such as "
                    + "2025-03-01T12:00:00Z, got '" + v + "'");
        }
    }

    /** The parameter's value as given (not trimmed: ids may have spaces); 400 when absent or empty. */
    static String required(String param, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiErrors.badRequest(param + ": required");
        }
        return value;
    }

    static int integer(String param, String value, int absent, int min, int max) {
        if (isBlank(value)) {
            return absent;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw outOfRange(param, value, min, max);
        }
        if (n < min || n > max) {
            throw outOfRange(param, value, min, max);
        }
        return n;
    }

    private static WebApplicationException outOfRange(String param, String value, int min, int max) {
        return ApiErrors.badRequest(param + ": expected an integer from " + min + " to " + max
                + ", got '" + value.trim() + "'");
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
