package dev.profilebridge.ingest.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks what every record must have: a {@code UID} (non-empty string, at most 255 characters, no control characters
 * and valid Unicode, so PostgreSQL and SAP can store it as it is) and a change time, {@code lastUpdatedTimestamp}
 * (epoch milliseconds) or else {@code lastUpdated} (ISO 8601), not later than now plus the allowed clock skew (a
 * change dated in the future would make every real update of the UID look stale). Everything else is optional, as a
 * CDC account may lack any other field. A record the parser found over a limit of one record (its size, its number of
 * root fields) is rejected for that alone.
 */
public final class ProfileValidator {

    public static final int MAX_UID_LENGTH = 255;

    private ProfileValidator() {
    }

    public static RecordOutcome validate(CdcAccount record, int index, Instant latestChange) {
        if (!record.isObject()) {
            return new Rejection(index, null, List.of("a record must be a JSON object"));
        }
        List<String> errors = new ArrayList<>();
        JsonNode uidNode = record.get("UID");
        String uid = uidNode != null && uidNode.isTextual() ? uidNode.textValue() : null;
        if (record.refusal() != null) {
            return new Rejection(index, uid, List.of(record.refusal()));
        }
        if (uidNode == null || uidNode.isNull()) {
            errors.add("UID is required");
        } else if (uid == null) {
            errors.add("UID must be a string");
        } else if (uid.isBlank()) {
            errors.add("UID must not be empty");
        } else if (uid.length() > MAX_UID_LENGTH) {
            errors.add("UID must be at most " + MAX_UID_LENGTH + " characters");
        } else if (uid.chars().anyMatch(Character::isISOControl)) {
            errors.add("UID must not contain control characters");
        } else if (!isWellFormed(uid)) {
            errors.add("UID must be valid Unicode (it has a lone surrogate)");
        }
        Instant changedAt = changeTime(record, errors);
        if (changedAt != null && changedAt.isAfter(latestChange)) {
            errors.add("the change time " + changedAt + " is in the future (later than " + latestChange
                    + "): check the source's clock");
        }
        if (!errors.isEmpty()) {
            return new Rejection(index, uid, errors);
        }
        return new ProfileEvent(index, uid, changedAt, record);
    }

    private static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static Instant changeTime(CdcAccount record, List<String> errors) {
        JsonNode epoch = record.get("lastUpdatedTimestamp");
        if (epoch != null && !epoch.isNull()) {
            if (epoch.isIntegralNumber() && epoch.canConvertToLong() && epoch.longValue() > 0) {
                return Instant.ofEpochMilli(epoch.longValue());
            }
            errors.add("lastUpdatedTimestamp must be a positive integer (epoch milliseconds)");
            return null;
        }
        JsonNode iso = record.get("lastUpdated");
        if (iso != null && !iso.isNull()) {
            try {
                return OffsetDateTime.parse(iso.asText()).toInstant();
            } catch (DateTimeParseException e) {
                errors.add("lastUpdated must be an ISO 8601 date-time with an offset, like 2026-11-24T10:15:30.123Z");
                return null;
            }
        }
        errors.add("a change time is required: lastUpdatedTimestamp (epoch ms) or lastUpdated (ISO 8601)");
        return null;
    }
}
