package dev.quarry.dashboard.sink;

/**
 * One attempt to deliver an alert version failed. {@link #retryable()} says whether another
 * attempt may succeed (a timeout, a 5xx, a 429) or not (a 4xx that refuses the payload). The
 * message names the cause for the log and the dead letter; it never holds a secret or a URL.
 */
public final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    public DeliveryException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public DeliveryException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
