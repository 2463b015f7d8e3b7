package dev.profilebridge.connector.engine;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.wire.ProfileEventFields;

/**
 * Reads what the engine needs of a profile event on arrival, its {@code uid} and {@code changedAt}, with Jackson's
 * streaming parser: nested values are skipped, not built into a tree, but the whole text is read, so malformed JSON
 * is refused here and not when the record goes out.
 */
record ProfileEventScan(String uid, Instant changedAt) {

    private static final int MAX_UID = 255;
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999Z");

    /**
     * Why the delivery state or SAP could not hold this event's key, or null: ingest refuses such records, so this
     * guards against what reached the topic another way; a bad key would fail the delivery-state statement of every
     * record batched with it.
     */
    String keyProblem() {
        if (uid.length() > MAX_UID) {
            return "uid longer than " + MAX_UID + " characters";
        }
        if (uid.chars().anyMatch(Character::isISOControl)) {
            return "uid with control characters";
        }
        if (changedAt.isBefore(FIRST) || changedAt.isAfter(LAST)) {
            return "changedAt " + changedAt + " outside the years 1 to 9999";
        }
        return null;
    }

    static Optional<ProfileEventScan> scan(ObjectMapper json, String payload) {
        if (payload == null) {
            return Optional.empty();
        }
        try (JsonParser parser = json.getFactory().createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String uid = null;
            String changedAt = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && field.equals(ProfileEventFields.UID)) {
                    uid = parser.getText();
                } else if (value == JsonToken.VALUE_STRING && field.equals(ProfileEventFields.CHANGED_AT)) {
                    changedAt = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null || uid == null || uid.isBlank() || changedAt == null) {
                return Optional.empty();
            }
            return Optional.of(new ProfileEventScan(uid, Instant.parse(changedAt)));
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
