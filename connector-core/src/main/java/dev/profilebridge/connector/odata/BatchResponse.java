package dev.profilebridge.connector.odata;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an OData V2 {@code $batch} response: one outcome per changeset, in request order. A changeset that failed
 * comes back as a single {@code application/http} part with the error status; one that succeeded as a nested
 * multipart with a 2xx per operation. Every inner status line is read, since the outer status is 202 either way.
 */
public final class BatchResponse {

    /**
     * A changeset's outcome: its status (the first failing one, or the last success), SAP's error message, and the
     * answer to each operation when it succeeded (a created entity's body, an update's new ETag).
     */
    public record ChangesetOutcome(int status, String message, List<OperationResponse> responses) {
        public boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    /** The answer to one operation of a changeset: status, ETag header (or null), body (may be empty). */
    public record OperationResponse(int status, String etag, String body) {
    }

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3})[^\\r\\n]*");
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";\\r\\n]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ETAG_HEADER = Pattern.compile("(?im)^etag:[ \\t]*([^\\r\\n]+?)[ \\t]*\\r?$");

    private BatchResponse() {
    }

    public static List<ChangesetOutcome> parse(String contentType, String body) {
        List<ChangesetOutcome> outcomes = new ArrayList<>();
        for (String part : parts(body, boundaryOf(contentType))) {
            String head = part.substring(0, Math.max(0, part.indexOf("\r\n\r\n")));
            if (head.toLowerCase(Locale.ROOT).contains("multipart/mixed")) {
                outcomes.add(changeset(parts(part, boundaryOf(head))));
            } else {
                outcomes.add(single(part));
            }
        }
        return outcomes;
    }

    private static ChangesetOutcome changeset(List<String> operations) {
        if (operations.isEmpty()) {
            return new ChangesetOutcome(500, "Empty changeset response", List.of());
        }
        List<OperationResponse> responses = new ArrayList<>();
        for (String operation : operations) {
            ChangesetOutcome outcome = single(operation);
            if (!outcome.succeeded()) {
                return outcome;
            }
            responses.addAll(outcome.responses());
        }
        return new ChangesetOutcome(responses.get(responses.size() - 1).status(), null, responses);
    }

    private static ChangesetOutcome single(String part) {
        Matcher status = STATUS_LINE.matcher(part);
        if (!status.find()) {
            return new ChangesetOutcome(500, "No HTTP status line in a $batch response part", List.of());
        }
        int code = Integer.parseInt(status.group(1));
        String message = part.substring(status.start());
        int headersEnd = message.indexOf("\r\n\r\n");
        String head = headersEnd < 0 ? message : message.substring(0, headersEnd);
        String body = headersEnd < 0 ? "" : message.substring(headersEnd + 4).strip();
        if (code < 300) {
            Matcher etag = ETAG_HEADER.matcher(head);
            return new ChangesetOutcome(code, null, List.of(new OperationResponse(code, etag.find() ? etag.group(1) : null, body)));
        }
        return new ChangesetOutcome(code, body.isEmpty() ? message.strip() : ODataJson.errorMessage(body), List.of());
    }

    private static String boundaryOf(String contentType) {
        Matcher boundary = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (!boundary.find()) {
            throw new IllegalArgumentException("A $batch response without a multipart boundary: " + contentType);
        }
        return boundary.group(1);
    }

    private static List<String> parts(String body, String boundary) {
        List<String> parts = new ArrayList<>();
        String delimiter = "--" + boundary;
        int position = body.indexOf(delimiter);
        while (position >= 0 && !body.startsWith("--", position + delimiter.length())) {
            int start = body.indexOf("\r\n", position) + 2;
            int next = body.indexOf(delimiter, start);
            if (next < 0) {
                throw new IllegalArgumentException("A $batch response part is not closed by " + delimiter);
            }
            parts.add(body.substring(start, next));
            position = next;
        }
        return parts;
    }
}
