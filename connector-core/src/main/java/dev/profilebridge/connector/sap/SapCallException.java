package dev.profilebridge.connector.sap;

import java.time.Duration;

import dev.profilebridge.connector.spi.TargetCallException;

/** A call to SAP that did not get an answer per record: the whole request failed (SAP unreachable, 401, 429, 5xx). */
public class SapCallException extends TargetCallException {

    public SapCallException(int status, Duration retryAfter, String message, Throwable cause) {
        super(status, retryAfter, message, cause);
    }
}
