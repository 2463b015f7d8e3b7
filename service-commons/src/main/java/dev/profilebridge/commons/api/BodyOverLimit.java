package dev.profilebridge.commons.api;

import java.io.IOException;

/**
 * Recognises the failure of reading a streamed body that went over {@code quarkus.http.limits.max-body-size}: Quarkus'
 * HTTP layer answers 413 and ends the body with this IOException, which reaches the resource's exception mappers.
 */
public final class BodyOverLimit {

    private static final String MESSAGE = "Request too large";

    private BodyOverLimit() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException && MESSAGE.equals(cause.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
