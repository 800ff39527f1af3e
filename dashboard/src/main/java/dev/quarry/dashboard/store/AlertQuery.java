package dev.quarry.dashboard.store;

import dev.quarry.detectors.alert.Severity;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * What {@link AlertStore#search} looks for among the <em>current</em> versions of alerts. Every
 * criterion is optional; those that are set must all hold. Results are sorted by event time
 * descending, then by {@code alert_id} ascending, so paging through a stable index is stable.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder()}, or use {@link #all()} and
 * {@link #recent(int)}.
 *
 * @param severities the current severity must be one of these; empty means any
 * @param minSeverity the current severity must be at least this; {@code null} means any. Combined
 *     with {@code severities}, both must hold.
 * @param clientId the alert's subject is this client, or a cluster with this client as a member
 * @param fromTs lower bound on event time {@code ts}, epoch millis, <b>inclusive</b>
 * @param toTs upper bound on event time {@code ts}, epoch millis, <b>exclusive</b>
 * @param text Lucene query-parser syntax over the summary, the evidence, the detector names and
 *     the subject's ids; terms are combined with AND unless the query says otherwise. A string the
 *     parser rejects makes the search throw {@link InvalidQueryException}.
 * @param offset how many hits to skip, 0 to {@value #MAX_OFFSET}
 * @param limit how many hits to return, 1 to {@value #MAX_LIMIT}
 * @param alertIds the alert's id must be one of these; {@code null} means any, empty means none
 * @param excludedAlertIds the alert's id must not be one of these
 */
public record AlertQuery(
        Set<Severity> severities,
        Severity minSeverity,
        String clientId,
        Long fromTs,
        Long toTs,
        String text,
        int offset,
        int limit,
        Set<String> alertIds,
        Set<String> excludedAlertIds) {

    /** Page size when none is given. */
    public static final int DEFAULT_LIMIT = 50;
    /** Largest page size. */
    public static final int MAX_LIMIT = 500;
    /** Deepest offset: paging costs memory proportional to offset + limit. */
    public static final int MAX_OFFSET = 100_000;

    /** @throws IllegalArgumentException when offset, limit or the time range are out of bounds */
    public AlertQuery {
        severities = severities == null || severities.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(severities));
        clientId = blankToNull(clientId);
        text = blankToNull(text);
        alertIds = alertIds == null ? null : Set.copyOf(alertIds);
        excludedAlertIds = excludedAlertIds == null ? Set.of() : Set.copyOf(excludedAlertIds);
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("offset must be between 0 and " + MAX_OFFSET + ": " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
        if (fromTs != null && toTs != null && fromTs > toTs) {
            throw new IllegalArgumentException("from must not be after to: " + fromTs + " > " + toTs);
        }
    }

    /** Every current alert, newest first, in pages of {@value #DEFAULT_LIMIT}. */
    public static AlertQuery all() {
        return builder().build();
    }

    /** The {@code n} newest current alerts, newest first. */
    public static AlertQuery recent(int n) {
        return builder().limit(n).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable, not thread-safe builder of {@link AlertQuery}. */
    public static final class Builder {
        private final Set<Severity> severities = EnumSet.noneOf(Severity.class);
        private Severity minSeverity;
        private String clientId;
        private Long fromTs;
        private Long toTs;
        private String text;
        private int offset;
        private int limit = DEFAULT_LIMIT;
        private Set<String> alertIds;
        private final Set<String> excludedAlertIds = new HashSet<>();

        private Builder() {}

        /** Adds severities to the accepted set. */
        public Builder severity(Severity... accepted) {
            Collections.addAll(severities, accepted);
            return this;
        }

        /** Adds severities to the accepted set. */
        public Builder severities(Collection<Severity> accepted) {
            severities.addAll(accepted);
            return this;
        }

        public Builder minSeverity(Severity min) {
            this.minSeverity = min;
            return this;
        }

        public Builder clientId(String id) {
            this.clientId = id;
            return this;
        }

        /** Inclusive lower bound on event time, epoch millis. */
        public Builder fromTs(Long millis) {
            this.fromTs = millis;
            return this;
        }

        /** Exclusive upper bound on event time, epoch millis. */
        public Builder toTs(Long millis) {
            this.toTs = millis;
            return this;
        }

        /** Free-text query in Lucene query-parser syntax. */
        public Builder text(String query) {
            this.text = query;
            return this;
        }

        public Builder offset(int offset) {
            this.offset = offset;
            return this;
        }

        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /** Only alerts with one of these ids; called again, only ids in both sets. */
        public Builder onlyAlertIds(Collection<String> ids) {
            if (alertIds == null) {
                alertIds = new HashSet<>(ids);
            } else {
                alertIds.retainAll(ids);
            }
            return this;
        }

        /** No alert with one of these ids. */
        public Builder excludeAlertIds(Collection<String> ids) {
            excludedAlertIds.addAll(ids);
            return this;
        }

        public AlertQuery build() {
            return new AlertQuery(severities, minSeverity, clientId, fromTs, toTs, text, offset, limit, alertIds,
                    excludedAlertIds);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
