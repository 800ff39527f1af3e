package dev.quarry.ingest;

/**
 * Thrown inside the parser to stop at the first contract violation; never escapes {@link
 * EventParser}. Stackless: it is control flow for bad input, which is common and may be hostile.
 */
final class InvalidRecord extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidRecord(String reason) {
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
