package dev.quarry.dashboard.store;

/**
 * The free-text part of an {@link AlertQuery} cannot be parsed or expands to too many terms. The
 * message is meant for the person who typed the query.
 */
public final class InvalidQueryException extends IllegalArgumentException {

    public InvalidQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
