package dev.profilebridge.connector.ops;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.wire.DeadLetter;
import dev.profilebridge.wire.ProfileEventFields;
import dev.profilebridge.wire.ReplayHeaders;

/**
 * One record of a connector's dead-letter topic, decoded: where it lies in that topic, the original record (key,
 * value, its own headers), why the connector gave up on it, and how often it was replayed.
 *
 * @param partition the dead letter's partition in the dead-letter topic
 * @param offset the dead letter's offset there
 * @param writtenAt when the dead letter was written (the Kafka timestamp)
 * @param uid the original record's key
 * @param changedAt the event's change time, or null when the value is not a profile event
 * @param value the original record's value as text
 * @param originalHeaders the original record's own headers (request id, trace context, replay headers)
 * @param letter the {@code pb-dlq-*} headers
 * @param replayCount how many replays the record went through
 */
public record DeadLetterEntry(int partition, long offset, Instant writtenAt, String uid, Instant changedAt, String value,
        Map<String, String> originalHeaders, DeadLetter letter, int replayCount) {

    public static DeadLetterEntry of(ConsumerRecord<String, String> record, ObjectMapper json) {
        Headers headers = record.headers();
        Map<String, String> original = new LinkedHashMap<>();
        for (Header header : headers) {
            if (!header.key().startsWith(DeadLetter.PREFIX)) {
                original.put(header.key(), DeadLetter.text(headers, header.key()));
            }
        }
        return new DeadLetterEntry(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), changedAtOf(record.value(), json), record.value(), original, DeadLetter.from(headers),
                ReplayHeaders.count(headers));
    }

    /** When the connector last failed on the record (the dead letter's own time when the header is missing). */
    public Instant lastFailure() {
        return letter.lastFailure() != null ? letter.lastFailure() : writtenAt;
    }

    /** {@code <partition>:<offset>} in the dead-letter topic, the replay's name for this dead letter. */
    public String position() {
        return partition + ":" + offset;
    }

    /** A profile event's change time, or null when the value is not one. */
    static Instant changedAtOf(String value, ObjectMapper json) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode changedAt = json.readTree(value).path(ProfileEventFields.CHANGED_AT);
            return changedAt.isTextual() ? Instant.parse(changedAt.asText()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
