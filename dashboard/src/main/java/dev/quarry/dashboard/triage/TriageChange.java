package dev.quarry.dashboard.triage;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an analyst asks of an alert's triage: {@code POST /api/alerts/{id}/triage} with
 * {@code {status, assignee?, note?}}. {@code assignee} absent keeps the assignee, empty removes it.
 * Immutable; {@link #validated()} checks it.
 */
public record TriageChange(
        @JsonProperty("status") String status,
        @JsonProperty("assignee") String assignee,
        @JsonProperty("note") String note) {

    /** Longest assignee. */
    public static final int MAX_ASSIGNEE_CHARS = 128;
    /** Longest note. */
    public static final int MAX_NOTE_CHARS = 4000;

    /** A change whose fields have been checked. */
    public record Valid(TriageStatus status, String assignee, String note) {}

    /**
     * The change with its status parsed, the assignee trimmed (empty: nobody) and a blank note dropped.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    public Valid validated() {
        if (status == null || status.isBlank()) {
            throw new IllegalArgumentException("status: required, one of " + TriageStatus.NAMES);
        }
        TriageStatus parsed;
        try {
            parsed = TriageStatus.fromWireName(status);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status: " + e.getMessage());
        }
        String who = assignee == null ? null : assignee.trim();
        if (who != null && (who.length() > MAX_ASSIGNEE_CHARS || who.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("assignee: at most " + MAX_ASSIGNEE_CHARS
                    + " characters, no control characters");
        }
        String text = note == null || note.isBlank() ? null : note.strip();
        if (text != null && text.length() > MAX_NOTE_CHARS) {
            throw new IllegalArgumentException("note: at most " + MAX_NOTE_CHARS + " characters, got " + text.length());
        }
        return new Valid(parsed, who, text);
    }
}
