package dev.profilebridge.console.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.profilebridge.console.model.ReplayFilter;
import jakarta.ws.rs.BadRequestException;

/**
 * The dead-letter filter as the forms send it: a connector, and optional reason, HTTP status, UID and time range
 * (the browser's {@code datetime-local}, read as UTC, or an ISO-8601 instant).
 */
public record DeadLetterQuery(String connector, String uid, String reason, String status, String from, String to) {

    public ReplayFilter filter() {
        return new ReplayFilter(blankToNull(uid), blankToNull(reason), number("status", status), instant("from", from),
                instant("to", to));
    }

    /** The connectors' query parameters for {@code GET /ops/dead-letters}. */
    public Map<String, Object> parameters() {
        ReplayFilter filter = filter();
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("uid", filter.uid());
        query.put("reason", filter.reason());
        query.put("status", filter.status());
        query.put("from", filter.from());
        query.put("to", filter.to());
        return query;
    }

    public String value(String text) {
        return text == null ? "" : text;
    }

    static Integer number(String name, String text) {
        try {
            return blankToNull(text) == null ? null : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a whole number, was " + text);
        }
    }

    private static Instant instant(String name, String text) {
        String value = blankToNull(text);
        if (value == null) {
            return null;
        }
        try {
            return value.endsWith("Z") || value.contains("+") ? Instant.parse(value)
                    : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be a time such as 2026-12-01T10:00 (UTC), was " + value);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
