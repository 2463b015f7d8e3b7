package dev.profilebridge.connector.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** Revocation waits for the partitions' records out at the target; stuck partitions are those pending without progress. */
class PartitionTrackerTest {

    private static final String P0 = PartitionTracker.key("profiles", 0);
    private static final String P1 = PartitionTracker.key("profiles", 1);
    /** Longer than the tests' own pause: a partition counts as stuck after it. */
    private static final Duration SHORT = Duration.ofMillis(200);

    private final PartitionTracker tracker = new PartitionTracker();

    @Test
    void aPartitionsKeyNamesTopicAndPartition() {
        assertEquals("profiles-0", P0);
        assertEquals("profiles-1", P1);
    }

    @Test
    void aRevocationWaitsUntilEveryRevokedPartitionsRecordsAreBackFromTheTarget() {
        out(P0, 2);
        out(P1, 1);
        CompletableFuture<Void> done = tracker.revoke(List.of(P0, P1));
        assertTrue(tracker.isRevoked(P0) && tracker.isRevoked(P1));

        tracker.returned(P0);
        tracker.returned(P1);
        assertFalse(done.isDone(), "one record of P0 is still out");

        tracker.returned(P0);
        assertTrue(done.isDone());
    }

    @Test
    void aRevocationWithNothingOutIsDoneAtOnceAndOthersPartitionsDoNotHoldIt() {
        out(P1, 1);
        tracker.added(P0);

        assertTrue(tracker.revoke(List.of(P0)).isDone());
        assertFalse(tracker.isRevoked(P1));
    }

    @Test
    void anAssignmentAgainEndsTheWaitingRevocationAndThePartitionIsNoLongerRevoked() {
        out(P0, 1);
        CompletableFuture<Void> done = tracker.revoke(List.of(P0));
        assertFalse(done.isDone());

        tracker.assigned(List.of(P0));

        assertTrue(done.isDone());
        assertFalse(tracker.isRevoked(P0));
    }

    @Test
    void anAssignmentOfOtherPartitionsLeavesTheRevocationWaiting() {
        out(P0, 1);
        CompletableFuture<Void> done = tracker.revoke(List.of(P0));

        tracker.assigned(List.of(P1));

        assertFalse(done.isDone());
        assertTrue(tracker.isRevoked(P0));
    }

    @Test
    void aPartitionWithRecordsPendingAndNoneFinishedForLongerThanTheLimitIsStuck() throws InterruptedException {
        tracker.added(P0);
        tracker.added(P1);
        tracker.added(P1);
        assertEquals(0, tracker.stuck(Duration.ofHours(1)), "not within the limit");
        Thread.sleep(SHORT.toMillis() * 3);

        assertEquals(2, tracker.stuck(SHORT));

        tracker.finished(P1);
        assertEquals(1, tracker.stuck(SHORT), "a finished record is progress, though one is still pending");
        tracker.finished(P0);
        assertEquals(0, tracker.stuck(SHORT), "P0 has nothing pending; P1 just made progress");
    }

    @Test
    void neitherARevokedPartitionNorOneWhoseRecordsWereLetGoIsStuck() throws InterruptedException {
        tracker.added(P0);
        tracker.added(P1);
        tracker.added(P1);
        tracker.revoke(List.of(P0));
        tracker.dropped(P1, 2);
        Thread.sleep(SHORT.toMillis() * 3);

        assertEquals(0, tracker.stuck(SHORT));
    }

    @Test
    void aReassignedPartitionStartsWithNothingPending() throws InterruptedException {
        tracker.added(P0);
        tracker.assigned(List.of(P0));
        Thread.sleep(SHORT.toMillis() * 3);

        assertEquals(0, tracker.stuck(SHORT));
    }

    private void out(String partition, int records) {
        for (int i = 0; i < records; i++) {
            tracker.added(partition);
            tracker.sent(partition);
        }
    }
}
