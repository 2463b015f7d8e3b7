package dev.profilebridge.connector.ops;

import dev.profilebridge.connector.persistence.DeliveryState;

/** What a replay does with one dead letter. */
public enum ReplayDecision {
    /** Put back on the connector's topic. */
    REPLAY,
    /** Left alone: the target already confirmed this version or a newer one, so sending it could only go back. */
    STALE,
    /** Replayed too often already (the loop guard): moved to the parked topic instead. */
    EXCLUDE;

    /**
     * The same rule as the engine's: a version not newer than the confirmed one is stale. Staleness comes first: a
     * record made obsolete by a newer delivery needs no parking.
     */
    public static ReplayDecision of(DeadLetterEntry entry, DeliveryState confirmed, int maxReplays) {
        if (confirmed != null && entry.changedAt() != null && !entry.changedAt().isAfter(confirmed.changedAt)) {
            return STALE;
        }
        return entry.replayCount() >= maxReplays ? EXCLUDE : REPLAY;
    }
}
