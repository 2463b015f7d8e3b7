package dev.profilebridge.connector.odata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An OData V2 {@code $batch} request body: one changeset per business object, so that one rejected object rolls back
 * only its own changeset (SAP answers every changeset on its own, the outer status being 202 regardless), and queries
 * (GETs, outside any changeset, as OData V2 wants retrieve requests). Parts are answered in the order they were added.
 */
public final class BatchRequest {

    /**
     * One HTTP request inside a changeset; {@code path} is relative to the service root and already encoded;
     * {@code headers} are extra request headers (If-Match, for example).
     */
    public record Operation(String method, String path, String jsonBody, Map<String, String> headers) {

        public Operation(String method, String path, String jsonBody) {
            this(method, path, jsonBody, Map.of());
        }
    }

    /** A changeset's operations, or (operations null) a query's path. */
    private record Part(List<Operation> changeset, String queryPath) {
    }

    private final String boundary = "batch_" + UUID.randomUUID();
    private final List<Part> parts = new ArrayList<>();

    public BatchRequest changeset(List<Operation> operations) {
        parts.add(new Part(List.copyOf(operations), null));
        return this;
    }

    /**
     * A GET of {@code path} (relative to the service root, query included and percent-encoded: C4C's guide, "mass
     * query", says the query parameters in a {@code $batch} body must be URL-encoded).
     */
    public BatchRequest query(String path) {
        parts.add(new Part(null, path));
        return this;
    }

    /** How many parts, each of which gets one outcome. */
    public int size() {
        return parts.size();
    }

    public String contentType() {
        return "multipart/mixed; boundary=" + boundary;
    }

    public String body() {
        StringBuilder body = new StringBuilder();
        for (Part part : parts) {
            if (part.changeset() == null) {
                appendQuery(body, part.queryPath());
            } else {
                appendChangeset(body, part.changeset());
            }
        }
        return body.append("--").append(boundary).append("--\r\n").toString();
    }

    /**
     * A GET part: no body, so its headers end with an empty line and the delimiter's CRLF follows, the "two blank
     * lines after HTTP GET operations" C4C's guide asks for ({@code $batch} section).
     */
    private void appendQuery(StringBuilder body, String path) {
        body.append("--").append(boundary).append("\r\n")
                .append("Content-Type: application/http\r\n")
                .append("Content-Transfer-Encoding: binary\r\n\r\n")
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Accept: application/json\r\n\r\n\r\n");
    }

    private void appendChangeset(StringBuilder body, List<Operation> changeset) {
        String inner = "changeset_" + UUID.randomUUID();
        body.append("--").append(boundary).append("\r\n")
                .append("Content-Type: multipart/mixed; boundary=").append(inner).append("\r\n\r\n");
        for (Operation operation : changeset) {
            body.append("--").append(inner).append("\r\n")
                    .append("Content-Type: application/http\r\n")
                    .append("Content-Transfer-Encoding: binary\r\n\r\n")
                    .append(operation.method()).append(' ').append(operation.path()).append(" HTTP/1.1\r\n")
                    .append("Content-Type: application/json\r\n")
                    .append("Accept: application/json\r\n");
            operation.headers().forEach((name, value) -> body.append(name).append(": ").append(value).append("\r\n"));
            body.append("\r\n")
                    .append(operation.jsonBody()).append("\r\n");
        }
        body.append("--").append(inner).append("--\r\n");
    }
}
