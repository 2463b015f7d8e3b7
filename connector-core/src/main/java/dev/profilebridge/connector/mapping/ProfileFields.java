package dev.profilebridge.connector.mapping;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reading a canonical profile event's values and writing them into SAP fields, the same way for every target: free
 * text longer than its field is truncated (a shortened name is still the person's name); a structured value that does
 * not fit is left out (a shortened e-mail address or postal code would be wrong).
 */
public final class ProfileFields {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private ProfileFields() {
    }

    /** A non-blank scalar value, trimmed, or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText().trim() : null;
    }

    public static boolean isEmail(String value, int maxLength) {
        return value != null && value.length() <= maxLength && EMAIL.matcher(value).matches();
    }

    public static void putTruncated(ObjectNode data, String field, String value, int max) {
        if (value != null) {
            data.put(field, value.length() > max ? value.substring(0, max) : value);
        }
    }

    public static void putIfFits(ObjectNode data, String field, String value, int max) {
        if (value != null && value.length() <= max) {
            data.put(field, value);
        }
    }

    /**
     * The birth date from CDC's {@code birthYear}, {@code birthMonth}, {@code birthDay}, when all three make a date
     * SAP can hold.
     */
    public static Optional<LocalDate> birthDate(JsonNode profile) {
        JsonNode year = profile.path("birthYear");
        JsonNode month = profile.path("birthMonth");
        JsonNode day = profile.path("birthDay");
        if (!year.canConvertToInt() || !month.canConvertToInt() || !day.canConvertToInt()) {
            return Optional.empty();
        }
        // OData's Edm.DateTime (and SAP's date fields) run from year 1 to 9999; a CDC birthYear outside is no date.
        if (year.intValue() < 1 || year.intValue() > 9999) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(year.intValue(), month.intValue(), day.intValue()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** OData V2 JSON's date format, {@code /Date(<epoch ms>)/}. */
    public static String edmDate(Instant instant) {
        return "/Date(" + instant.toEpochMilli() + ")/";
    }

    public static String edmDate(LocalDate date) {
        return edmDate(date.atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    /** An ISO 8601 time from CDC (consent or subscription change), or {@code fallback} when absent or malformed. */
    public static Instant instant(String iso, Instant fallback) {
        try {
            return iso == null ? fallback : OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
