package dev.profilebridge.connector.ops;

import java.time.Instant;

/**
 * Which dead letters an operator means; every part is optional and the parts combine with "and".
 *
 * @param uid the original record's key
 * @param reason the dead letter's error class ({@code RejectedByTarget}, {@code RetriesExhausted}, ...)
 * @param status the target's HTTP status
 * @param from the last failure at or after this time
 * @param to the last failure before this time
 * @param partition the original record's partition
 * @param fromOffset the original record's offset at or after this
 * @param toOffset the original record's offset at or before this
 */
public record DeadLetterFilter(String uid, String reason, Integer status, Instant from, Instant to, Integer partition,
        Long fromOffset, Long toOffset) {

    public static final DeadLetterFilter ALL = new DeadLetterFilter(null, null, null, null, null, null, null, null);

    public boolean matches(DeadLetterEntry entry) {
        return (uid == null || uid.equals(entry.uid()))
                && (reason == null || reason.equals(entry.letter().errorClass()))
                && (status == null || status == entry.letter().httpStatus())
                && (from == null || !entry.lastFailure().isBefore(from))
                && (to == null || entry.lastFailure().isBefore(to))
                && (partition == null || partition == entry.letter().origin().partition())
                && (fromOffset == null || entry.letter().origin().offset() >= fromOffset)
                && (toOffset == null || entry.letter().origin().offset() <= toOffset);
    }
}
