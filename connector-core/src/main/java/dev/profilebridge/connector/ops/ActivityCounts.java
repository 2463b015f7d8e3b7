package dev.profilebridge.connector.ops;

/** Records a connector finished, by outcome: totals since a replica started, or what one minute added. */
public record ActivityCounts(long delivered, long skippedStale, long retried, long deadLettered) {

    public static final ActivityCounts NONE = new ActivityCounts(0, 0, 0, 0);

    public ActivityCounts minus(ActivityCounts earlier) {
        return new ActivityCounts(delivered - earlier.delivered, skippedStale - earlier.skippedStale,
                retried - earlier.retried, deadLettered - earlier.deadLettered);
    }

    public ActivityCounts plus(ActivityCounts other) {
        return new ActivityCounts(delivered + other.delivered, skippedStale + other.skippedStale,
                retried + other.retried, deadLettered + other.deadLettered);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
