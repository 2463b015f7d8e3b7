package dev.profilebridge.connector.spi;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One consumed profile event, as the engine hands it to a target, with the target's own id and version tag of the
 * profile when an earlier delivery or a lookup ahead of this attempt learnt them (null otherwise).
 * {@code absentAtTarget}: a lookup made for this very attempt ({@link TargetIdLookup}) found no such profile at the
 * target, so the target may create it without looking again.
 */
public record ProfileRecord(String uid, Instant changedAt, JsonNode event, String topic, int partition, long offset,
        String targetId, String targetEtag, boolean absentAtTarget) {

    public ProfileRecord(String uid, Instant changedAt, JsonNode event, String topic, int partition, long offset,
            String targetId, String targetEtag) {
        this(uid, changedAt, event, topic, partition, offset, targetId, targetEtag, false);
    }

    public ProfileRecord withTarget(String id, String etag) {
        return new ProfileRecord(uid, changedAt, event, topic, partition, offset, id, etag, false);
    }
}
