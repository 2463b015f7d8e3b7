package dev.profilebridge.connector.ops;

/**
 * What an operator asks of a replay.
 *
 * @param filter which dead letters
 * @param dryRun count only: nothing is produced
 * @param maxPerSecond records put back per second at most, null for the configured default
 * @param limit at most this many of the matching dead letters (the oldest first by partition and offset), null for all
 */
public record ReplayRequest(DeadLetterFilter filter, boolean dryRun, Integer maxPerSecond, Integer limit) {
}
