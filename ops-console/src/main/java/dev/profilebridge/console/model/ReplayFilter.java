package dev.profilebridge.console.model;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The dead letters a listing or a replay covers: the connectors' filter, every field optional. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayFilter(String uid, String reason, Integer status, Instant from, Instant to) {

    /** The filter in words, for the replay's audit line. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        append(text, "UID", uid);
        append(text, "reason", reason);
        append(text, "status", status);
        append(text, "from", from);
        append(text, "to", to);
        return text.isEmpty() ? "all dead letters" : text.toString();
    }

    private static void append(StringBuilder text, String name, Object value) {
        if (value != null) {
            text.append(text.isEmpty() ? "" : ", ").append(name).append(' ').append(value);
        }
    }
}
