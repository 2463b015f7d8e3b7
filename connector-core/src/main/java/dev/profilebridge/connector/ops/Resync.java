package dev.profilebridge.connector.ops;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A forced re-sync as it is stored: which UIDs (null: all the connector confirmed), by whom, and what became of them.
 *
 * @param missing UIDs without a confirmed version, or whose confirmed record Kafka no longer holds
 */
public record Resync(UUID id, String connector, String requestedBy, Instant requestedAt, List<String> uids,
        int maxPerSecond, String status, int requested, int produced, int missing, Instant updatedAt,
        Instant finishedAt, String error) {

    /**
     * What an operator asks.
     *
     * @param uids the UIDs to send again; or
     * @param all every UID the target confirmed
     * @param maxPerSecond records put back per second at most, null for the replay default
     */
    public record Request(List<String> uids, boolean all, Integer maxPerSecond) {
    }
}
