package dev.profilebridge.connector.odata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An OData V2 {@code $batch} request body: one changeset per business object, so that one rejected object rolls back
 * only its own changeset (SAP answers every changeset on its own, the outer status being 202 regardless).
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

    private final String boundary = "batch_" + UUID.randomUUID();
    private final List<List<Operation>> changesets = new ArrayList<>();

    public BatchRequest changeset(List<Operation> operations) {
        changesets.add(List.copyOf(operations));
        return this;
    }

    public int size() {
        return changesets.size();
    }

    public String contentType() {
        return "multipart/mixed; boundary=" + boundary;
    }

    public String body() {
        StringBuilder body = new StringBuilder();
        for (List<Operation> changeset : changesets) {
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
        return body.append("--").append(boundary).append("--\r\n").toString();
    }
}
