package dev.profilebridge.console.model;

import java.time.Instant;
import java.util.List;

/** A connector's {@code GET /ops/overview}: its activity per minute summed over replicas, and its state now. */
public record Overview(String connector, Instant from, Instant to, List<Minute> minutes, Counts totals, int maxInFlight,
        int inFlight, List<Replica> replicas, Boolean targetReachable, Long lag) {

    public record Minute(Instant minute, long delivered, long skippedStale, long retried, long deadLettered) {
    }

    public record Counts(long delivered, long skippedStale, long retried, long deadLettered) {
    }

    public record Replica(String replica, int inFlight, boolean targetDown, Instant reportedAt) {
    }

    /** The in-flight requests as a share of the budget, 0-100, for the page's meter. */
    public int budgetUsedPercent() {
        return maxInFlight == 0 ? 0 : Math.min(100, inFlight * 100 / maxInFlight);
    }
}
