package dev.profilebridge.connector.ops.api;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.connector.ops.DeadLetterEntry;

/**
 * A dead letter as operators read it: its place in the dead-letter topic, why and since when, where the record came
 * from, its own headers, and the event itself (as JSON, or as text when it is not JSON).
 */
public record DeadLetterView(int partition, long offset, String uid, Instant changedAt, String reason, String errorClass,
        int httpStatus, String targetMessage, int attempts, Instant firstFailure, Instant lastFailure, int replayCount,
        Origin origin, Map<String, String> headers, JsonNode event, String rawValue) {

    public record Origin(String topic, int partition, long offset) {
    }

    static DeadLetterView of(DeadLetterEntry entry, ObjectMapper json) {
        JsonNode event = null;
        try {
            event = entry.value() == null ? null : json.readTree(entry.value());
        } catch (Exception e) {
            // not JSON: shown as text below
        }
        var letter = entry.letter();
        return new DeadLetterView(entry.partition(), entry.offset(), entry.uid(), entry.changedAt(), letter.reason(),
                letter.errorClass(), letter.httpStatus(), letter.targetMessage(), letter.attempts(),
                letter.firstFailure(), entry.lastFailure(), entry.replayCount(), new Origin(letter.origin().topic(),
                        letter.origin().partition(), letter.origin().offset()),
                entry.originalHeaders(), event, event == null ? entry.value() : null);
    }
}
