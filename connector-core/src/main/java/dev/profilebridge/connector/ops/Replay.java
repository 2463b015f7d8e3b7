package dev.profilebridge.connector.ops;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One replay (or dry run) of dead letters as it is stored: what was asked, by whom, how far it got, and what became of
 * the records so far.
 *
 * @param request the filter, limit and rate as asked
 * @param deadLetterEnd per partition of the dead-letter topic, its end when the replay was asked
 * @param position per partition of the dead-letter topic, the next offset to consider
 * @param inFlight the record being produced now, or null
 */
public record Replay(UUID id, String connector, String requestedBy, Instant requestedAt, ReplayRequest request,
        boolean dryRun, Status status, Map<Integer, Long> deadLetterEnd, Map<Integer, Long> position, InFlight inFlight,
        Counts counts, Instant updatedAt, Instant finishedAt, String error) {

    public enum Status {
        RUNNING, PAUSED, CANCELLED, DONE, FAILED;

        public boolean isFinal() {
            return this == CANCELLED || this == DONE || this == FAILED;
        }
    }

    /**
     * A record on its way: the dead letter ({@code <partition>:<offset>}), where it goes, and the end of that
     * partition before the send, from where a resumed replay looks for it.
     */
    public record InFlight(String deadLetter, String topic, int partition, long from, boolean parked) {
    }

    /**
     * @param matched dead letters the filter (and limit) selected
     * @param replayed put back on the connector's topic (a dry run: would be)
     * @param stale skipped: the target already confirmed this version or a newer one
     * @param excluded replayed too often already (the loop guard): parked (a dry run: would be)
     */
    public record Counts(int matched, int replayed, int stale, int excluded) {

        public static Counts matched(int matched) {
            return new Counts(matched, 0, 0, 0);
        }

        public Counts plus(ReplayDecision decision) {
            return switch (decision) {
                case REPLAY -> new Counts(matched, replayed + 1, stale, excluded);
                case STALE -> new Counts(matched, replayed, stale + 1, excluded);
                case EXCLUDE -> new Counts(matched, replayed, stale, excluded + 1);
            };
        }
    }
}
