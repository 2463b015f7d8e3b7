package dev.profilebridge.connector.ops;

import java.time.Instant;
import java.util.List;

/**
 * What the operators' overview shows of one connector, across its replicas.
 *
 * @param minutes every minute of the window, oldest first, summed over replicas (a minute nobody counted in is zero)
 * @param totals the window's sum
 * @param maxInFlight the tenant's budget of requests at the target, shared by every replica
 * @param inFlight requests at the target now, summed over the replicas that reported lately
 * @param replicas the replicas that reported within three flush intervals
 * @param targetReachable false when a replica counts the target as down; null when no replica reported
 * @param lag records on the connector's topic after its consumer group's committed offsets; null when Kafka did not
 *        answer
 */
public record ConnectorOverview(String connector, Instant from, Instant to, List<Minute> minutes, ActivityCounts totals,
        int maxInFlight, int inFlight, List<ReplicaReport> replicas, Boolean targetReachable, Long lag) {

    public record Minute(Instant minute, long delivered, long skippedStale, long retried, long deadLettered) {
    }

    public record ReplicaReport(String replica, int inFlight, boolean targetDown, Instant reportedAt) {
    }
}
