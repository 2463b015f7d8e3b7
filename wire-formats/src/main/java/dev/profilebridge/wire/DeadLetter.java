package dev.profilebridge.wire;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Why a connector gave up on a record, as the {@code pb-dlq-*} headers of its dead letter carry it: the writer puts a
 * dead letter into headers with {@link #writeTo}, and operators' tools and tests read it back with {@link #from}.
 * The dead letter's key and value are the original record's, and so are its other headers.
 *
 * @param reason what happened, in words
 * @param errorClass a stable class of the failure ({@code RejectedByTarget}, {@code RetriesExhausted},
 *        {@code InvalidEvent}, {@code UnmappableProfile}, or the class of an exception)
 * @param httpStatus the target's last HTTP status, 0 when there was none
 * @param targetMessage the target's message, at most {@link #MAX_MESSAGE} characters, or null
 */
public record DeadLetter(String reason, String errorClass, int httpStatus, String targetMessage, int attempts,
        Instant firstFailure, Instant lastFailure, String connector, Origin origin) {

    /** Where the record was read: its topic, partition and offset. */
    public record Origin(String topic, int partition, long offset) {
    }

    public static final String REASON = "pb-dlq-reason";
    public static final String ERROR_CLASS = "pb-dlq-error-class";
    public static final String HTTP_STATUS = "pb-dlq-http-status";
    public static final String TARGET_MESSAGE = "pb-dlq-target-message";
    public static final String ATTEMPTS = "pb-dlq-attempts";
    public static final String ORIGINAL_TOPIC = "pb-dlq-original-topic";
    public static final String ORIGINAL_PARTITION = "pb-dlq-original-partition";
    public static final String ORIGINAL_OFFSET = "pb-dlq-original-offset";
    public static final String FIRST_FAILURE = "pb-dlq-first-failure";
    public static final String LAST_FAILURE = "pb-dlq-last-failure";
    public static final String CONNECTOR = "pb-dlq-connector";
    /** Every header name starts with this; the original record's own headers do not. */
    public static final String PREFIX = "pb-dlq-";

    public static final int MAX_MESSAGE = 1000;

    /** Adds the dead letter's headers (after whatever the original record carried). */
    public void writeTo(Headers headers) {
        add(headers, REASON, reason);
        add(headers, ERROR_CLASS, errorClass);
        add(headers, HTTP_STATUS, Integer.toString(httpStatus));
        add(headers, TARGET_MESSAGE, targetMessage == null || targetMessage.length() <= MAX_MESSAGE ? targetMessage
                : targetMessage.substring(0, MAX_MESSAGE));
        add(headers, ATTEMPTS, Integer.toString(attempts));
        add(headers, ORIGINAL_TOPIC, origin.topic());
        add(headers, ORIGINAL_PARTITION, Integer.toString(origin.partition()));
        add(headers, ORIGINAL_OFFSET, Long.toString(origin.offset()));
        add(headers, FIRST_FAILURE, firstFailure.toString());
        add(headers, LAST_FAILURE, lastFailure.toString());
        add(headers, CONNECTOR, connector);
    }

    /** The dead letter these headers describe; absent numbers read as 0 (-1 for partition and offset). */
    public static DeadLetter from(Headers headers) {
        return new DeadLetter(text(headers, REASON), text(headers, ERROR_CLASS), number(headers, HTTP_STATUS, 0),
                text(headers, TARGET_MESSAGE), number(headers, ATTEMPTS, 0), instant(headers, FIRST_FAILURE),
                instant(headers, LAST_FAILURE), text(headers, CONNECTOR), new Origin(text(headers, ORIGINAL_TOPIC),
                        number(headers, ORIGINAL_PARTITION, -1), longNumber(headers, ORIGINAL_OFFSET)));
    }

    /** The last value of a header as text, or null. */
    public static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int number(Headers headers, String name, int absent) {
        String value = text(headers, name);
        return value == null ? absent : Integer.parseInt(value);
    }

    private static long longNumber(Headers headers, String name) {
        String value = text(headers, name);
        return value == null ? -1 : Long.parseLong(value);
    }

    private static Instant instant(Headers headers, String name) {
        String value = text(headers, name);
        return value == null ? null : Instant.parse(value);
    }

    private static void add(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
