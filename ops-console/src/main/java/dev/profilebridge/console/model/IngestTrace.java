package dev.profilebridge.console.model;

import java.time.Instant;
import java.util.List;

/** The versions of a profile ingest-service accepted ({@code GET /ops/profiles/{uid}} on ingest-service). */
public record IngestTrace(String uid, Instant since, List<Accepted> accepted) {

    public record Accepted(String topic, int partition, long offset, Instant changedAt, Instant receivedAt,
            String requestId, String clientId) {
    }
}
