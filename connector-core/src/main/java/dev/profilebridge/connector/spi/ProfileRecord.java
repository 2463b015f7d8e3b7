package dev.profilebridge.connector.spi;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One consumed profile event, as the engine hands it to a target, with the target's own id and version tag of the
 * profile when an earlier delivery learnt them (null otherwise).
 */
public record ProfileRecord(String uid, Instant changedAt, JsonNode event, String topic, int partition, long offset,
        String targetId, String targetEtag) {

    public ProfileRecord withTarget(String id, String etag) {
        return new ProfileRecord(uid, changedAt, event, topic, partition, offset, id, etag);
    }
}
