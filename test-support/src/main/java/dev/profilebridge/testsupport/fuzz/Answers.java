package dev.profilebridge.testsupport.fuzz;

import java.io.IOException;
import java.util.List;
import java.util.Optional;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The checks every endpoint's answers share. */
public final class Answers {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a Java stack trace has in a body: a frame, a cause, an exception's name followed by its message. */
    private static final List<String> STACK_TRACE = List.of("\tat ", "\n at ", "Caused by: ", "Exception: ",
            "Exception at ", ".java:");

    private Answers() {
    }

    /** An answer came, below 500, without a stack trace. */
    public static Optional<String> answeredWithout5xx(RawHttp.Answer answer) {
        if (answer.status() == RawHttp.Answer.NONE) {
            return Optional.of("no answer (connection closed or silent for 20 s)");
        }
        if (answer.status() >= 500) {
            return Optional.of("5xx");
        }
        String body = answer.bodyText();
        if (STACK_TRACE.stream().anyMatch(body::contains)) {
            return Optional.of("a stack trace in the body");
        }
        return Optional.empty();
    }

    /** An RFC 9457 problem: its media type, a title, and the status of the response. */
    public static Optional<String> problem(RawHttp.Answer answer) {
        String type = answer.header("content-type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return Optional.of("not application/problem+json");
        }
        JsonNode body = json(answer);
        if (body == null || !body.path("title").isTextual() || body.path("status").asInt() != answer.status()) {
            return Optional.of("a problem without a title or with another status");
        }
        return Optional.empty();
    }

    /** See {@link KnownFinding#HTTP_LAYER}. */
    public static boolean isHttpLayerRefusal(HostileRequest request, RawHttp.Answer answer) {
        boolean bare = answer.header("content-type") == null && answer.body().length == 0
                && java.util.Set.of(400, 413, 414, 431).contains(answer.status());
        boolean closedOnBadChunk = answer.status() == RawHttp.Answer.NONE
                && request.inputClass().equals(HttpAbuse.PROTOCOL);
        return bare || closedOnBadChunk;
    }

    /** The body as a JSON object, or null if it is not one. */
    public static JsonNode json(RawHttp.Answer answer) {
        try {
            JsonNode body = JSON.readTree(answer.body());
            return body != null && body.isObject() ? body : null;
        } catch (IOException e) {
            return null;
        }
    }
}
