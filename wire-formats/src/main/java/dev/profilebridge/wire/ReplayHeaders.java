package dev.profilebridge.wire;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;

/**
 * Headers an operator's replay or re-sync adds to a record it puts back on a connector's topic. The record keeps them
 * through the connector: when it is dead-lettered again, its dead letter carries them among the original headers, so
 * the next replay knows how often it was replayed (the loop guard).
 */
public final class ReplayHeaders {

    /** How many replays this record went through: 1 after its first. */
    public static final String COUNT = "pb-replay-count";
    /** The replay that produced this record. */
    public static final String ID = "pb-replay-id";
    /** Where in the dead-letter topic the replayed record came from: {@code <partition>:<offset>}. */
    public static final String DEAD_LETTER = "pb-replay-dead-letter";
    /** The re-sync that produced this record: its version goes out again even though the target has it already. */
    public static final String RESYNC_ID = "pb-resync-id";
    /** Every header name starts with this. */
    public static final String PREFIX = "pb-replay-";

    private ReplayHeaders() {
    }

    /** The record's replay count, 0 when it was never replayed (or the header is not a number). */
    public static int count(Headers headers) {
        String value = DeadLetter.text(headers, COUNT);
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Sets a header to a text value, replacing any earlier one of that name. */
    public static void set(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
