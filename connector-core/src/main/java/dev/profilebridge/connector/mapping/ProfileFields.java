package dev.profilebridge.connector.mapping;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reading a canonical profile event's values and writing them into SAP fields, the same way for every target: free
 * text longer than its field is truncated (a shortened name is still the person's name); a structured value that does
 * not fit is left out (a shortened e-mail address or postal code would be wrong).
 */
public final class ProfileFields {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    /** SAP's country and language code lists are ISO 3166-1 alpha-2 and ISO 639-1, upper case. */
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Set<String> LANGUAGES = Arrays.stream(Locale.getISOLanguages())
            .map(language -> language.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

    private ProfileFields() {
    }

    /**
     * The ISO 3166 code of a CDC {@code country}, upper case, or null when it is none: SAP refuses a value outside its
     * code list, and one wrong optional field must not cost the whole profile.
     */
    public static String isoCountry(String country) {
        String code = country == null ? null : country.toUpperCase(Locale.ROOT);
        return code != null && COUNTRIES.contains(code) ? code : null;
    }

    /** The ISO 639 language of a CDC {@code locale} ("de", "de-AT", "de_AT"), upper case, or null when it has none. */
    public static String isoLanguage(String locale) {
        if (locale == null || locale.length() < 2 || (locale.length() > 2 && Character.isLetter(locale.charAt(2)))) {
            return null;
        }
        String code = locale.substring(0, 2).toUpperCase(Locale.ROOT);
        return LANGUAGES.contains(code) ? code : null;
    }

    /** A non-blank scalar value, trimmed, or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText().trim() : null;
    }

    public static boolean isEmail(String value, int maxLength) {
        return value != null && value.length() <= maxLength && EMAIL.matcher(value).matches();
    }

    /** Puts the value unless it is null (then SAP keeps what it has). */
    public static void putIfPresent(ObjectNode data, String field, String value) {
        if (value != null) {
            data.put(field, value);
        }
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
