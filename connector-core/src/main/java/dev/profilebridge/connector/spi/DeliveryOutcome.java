package dev.profilebridge.connector.spi;

import java.time.Duration;

/**
 * What became of one record at the target. {@code targetId} and {@code targetEtag} are the target's own id and
 * version tag for the profile when it has them (kept in the delivery state); a retry may carry the target's
 * Retry-After.
 */
public sealed interface DeliveryOutcome {

    record Delivered(String targetId, String targetEtag) implements DeliveryOutcome {

        /** Delivered to a target that keys profiles by their CDC UID (nothing to remember). */
        public Delivered() {
            this(null, null);
        }
    }

    record Retry(String reason, int httpStatus, Duration retryAfter) implements DeliveryOutcome {
    }

    record Failed(String reason, String errorClass, int httpStatus) implements DeliveryOutcome {
    }

    /**
     * The outcome of a record the target could not even build a request for: {@code UnmappableProfile} when the
     * mapper says so, otherwise the exception's class, so a value nobody foresaw fails its record, never the batch.
     */
    static DeliveryOutcome unmappable(RuntimeException e) {
        String errorClass = e instanceof UnmappableProfileException ? "UnmappableProfile"
                : e.getClass().getSimpleName();
        return new Failed(e.getMessage() == null ? e.getClass().getName() : e.getMessage(), errorClass, 0);
    }

    /**
     * The outcome of a record the target refused with {@code status}: a 4xx is the target's verdict on the data
     * (permanent), except 408, 423 (locked) and 429; anything else may pass later.
     */
    static DeliveryOutcome refused(int status, String message) {
        if (status >= 400 && status < 500 && status != 408 && status != 423 && status != 429) {
            return new Failed(message, "RejectedByTarget", status);
        }
        return new Retry(message, status, null);
    }
}
