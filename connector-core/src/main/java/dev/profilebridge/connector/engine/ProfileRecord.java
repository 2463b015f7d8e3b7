package dev.profilebridge.connector.engine;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** One consumed profile event, as the engine hands it to a target. */
public record ProfileRecord(String uid, Instant changedAt, JsonNode event, String topic, int partition, long offset,
        String targetId) {

    public ProfileRecord withTargetId(String id) {
        return new ProfileRecord(uid, changedAt, event, topic, partition, offset, id);
    }
}
