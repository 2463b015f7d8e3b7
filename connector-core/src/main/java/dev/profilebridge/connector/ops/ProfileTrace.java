package dev.profilebridge.connector.ops;

import java.time.Instant;
import java.util.List;

/**
 * Where one profile stands in one connector: the version the target confirmed, versions read from Kafka but not yet
 * finished, and its dead letters.
 *
 * @param delivered the confirmed version, or null when the target never confirmed one
 * @param pending versions read from Kafka that the target does not have yet (newer than the confirmed one, not
 *        dead-lettered)
 */
public record ProfileTrace(String connector, String uid, Delivered delivered, List<PendingVersion> pending,
        List<DeadLetterEntry> deadLetters) {

    /**
     * @param targetId the target's own id (C4C ObjectID), null where the target needs none (Marketing Cloud keys on
     *        the UID)
     */
    public record Delivered(Instant changedAt, Instant confirmedAt, String targetId, String targetEtag, String topic,
            int partition, long offset) {
    }

    public record PendingVersion(Instant changedAt, int partition, long offset, String requestId) {
    }
}
