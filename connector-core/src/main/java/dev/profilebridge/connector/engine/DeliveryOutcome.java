package dev.profilebridge.connector.engine;

import java.time.Duration;

/**
 * What became of one record at the target. {@code targetId} is the target's own id for the profile when it has one
 * (kept in the delivery state); a retry may carry the target's Retry-After.
 */
public sealed interface DeliveryOutcome {

    record Delivered(String targetId) implements DeliveryOutcome {
    }

    record Retry(String reason, int httpStatus, Duration retryAfter) implements DeliveryOutcome {
    }

    record Failed(String reason, String errorClass, int httpStatus) implements DeliveryOutcome {
    }
}
