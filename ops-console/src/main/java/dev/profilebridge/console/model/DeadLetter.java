package dev.profilebridge.console.model;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** One dead letter as a connector's {@code GET /ops/dead-letters} decodes it. */
public record DeadLetter(int partition, long offset, String uid, Instant changedAt, String reason, String errorClass,
        int httpStatus, String targetMessage, int attempts, Instant firstFailure, Instant lastFailure, int replayCount,
        Origin origin, Map<String, String> headers, JsonNode event, String rawValue) {

    public record Origin(String topic, int partition, long offset) {
    }

    /** Its place in the dead-letter topic, as the CLI prints it. */
    public String position() {
        return partition + ":" + offset;
    }

    /** The event as the page shows it: indented JSON, or the raw text when it was not JSON. */
    public String decoded() {
        return event == null ? String.valueOf(rawValue) : event.toPrettyString();
    }
}
