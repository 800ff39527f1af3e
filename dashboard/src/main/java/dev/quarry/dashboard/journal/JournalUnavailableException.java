package dev.quarry.dashboard.journal;

/** A journal could not be written, or did not read a write back in time. */
public final class JournalUnavailableException extends RuntimeException {
    public JournalUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
