package dev.profilebridge.connector.sap;

import java.time.Duration;

/**
 * A call to SAP that did not get an answer per record: the whole request failed. {@link #retryable()} says whether
 * trying again later can help (timeouts, connection errors, 429, 5xx) or not (authentication, a malformed request).
 */
public class SapCallException extends RuntimeException {

    private final int status;
    private final Duration retryAfter;

    public SapCallException(int status, Duration retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status, or 0 when no answer came (timeout, connection refused). */
    public int status() {
        return status;
    }

    /** What SAP asked for in Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean retryable() {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }
}
