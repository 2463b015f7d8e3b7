package dev.profilebridge.connector.spi;

import java.time.Duration;

/**
 * A call to the target that got no answer per record: the whole request failed. The engine retries it, honouring
 * {@link #retryAfter()}, throttles on 429 and 503, and counts it towards the target's outage; a target's own client
 * (for SAP, {@link dev.profilebridge.connector.sap.SapCallException}) says more in its message.
 */
public class TargetCallException extends RuntimeException {

    private final int status;
    private final Duration retryAfter;

    public TargetCallException(int status, Duration retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status, or 0 when no answer came (timeout, connection refused). */
    public int status() {
        return status;
    }

    /** What the target asked for in Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether trying again later can help (timeouts, connection errors, 408, 429, 5xx). */
    public boolean retryable() {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }
}
