package dev.profilebridge.console.model;

import java.time.Instant;
import java.util.List;

/** Where a profile stands in one connector ({@code GET /ops/profiles/{uid}}); its dead letters come decoded apart. */
public record ConnectorTrace(String connector, String uid, Delivered delivered, List<Pending> pending) {

    public record Delivered(Instant changedAt, Instant confirmedAt, String targetId, String targetEtag, String topic,
            int partition, long offset) {
    }

    public record Pending(Instant changedAt, int partition, long offset, String requestId) {
    }
}
