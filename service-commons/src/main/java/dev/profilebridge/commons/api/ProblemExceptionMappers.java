package dev.profilebridge.commons.api;

import java.io.CharConversionException;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Turns every exception that reaches the REST layer into an {@code application/problem+json} response, so no
 * client ever sees a stack trace or an empty error body.
 */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

    @ServerExceptionMapper
    public Response mapWebApplicationException(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        // JAX-RS puts a generic "HTTP 404 Not Found" in the message when nothing better is known.
        String detail = exception.getMessage() != null && !exception.getMessage().startsWith("HTTP " + status)
                ? exception.getMessage()
                : null;
        // Keep headers such as WWW-Authenticate or Retry-After that the original response carried.
        Response.ResponseBuilder response = Response.fromResponse(
                new Problem(status, original.getStatusInfo().getReasonPhrase(), detail).toResponse());
        original.getHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    @ServerExceptionMapper
    public Response mapMalformedJson(JsonProcessingException exception) {
        JsonLocation location = exception.getLocation();
        Problem problem = new Problem(400, "Malformed JSON", exception.getOriginalMessage());
        if (location != null) {
            problem.with("line", location.getLineNr()).with("column", location.getColumnNr());
        }
        return problem.toResponse();
    }

    /**
     * A value of the wrong type for a field. Quarkus' own mapper for it answers plain JSON in its own shape; this one
     * answers a problem that names the field.
     */
    @ServerExceptionMapper
    public Response mapMismatchedInput(MismatchedInputException exception) {
        String field = exception.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return new Problem(400, "Malformed JSON", field.isEmpty() ? "The body does not have the expected shape"
                : "Field " + field + " has a value of the wrong type").toResponse();
    }

    /** A body whose bytes are not in the encoding they claim (a UTF-32 byte order mark before UTF-8, for example). */
    @ServerExceptionMapper
    public Response mapUndecodableBody(CharConversionException exception) {
        return new Problem(400, "Malformed JSON", "The body is not valid in its character encoding").toResponse();
    }

    /**
     * A streamed (chunked) body over {@code quarkus.http.limits.max-body-size}: the HTTP layer has answered 413
     * already, and the read that then fails is the caller's doing, not an error of ours to log with a stack trace.
     */
    @ServerExceptionMapper
    public Response mapUnreadableBody(java.io.IOException exception) {
        if (!BodyOverLimit.is(exception)) {
            return unexpected(exception);
        }
        LOG.debugf("A streamed body over the size limit was refused: %s", exception.getMessage());
        return new Problem(413, "Payload Too Large", "The body is over this service's size limit").toResponse();
    }

    /** Jackson cannot bind a type: our bug, not the caller's; Quarkus' own mapper would answer a bare 500. */
    @ServerExceptionMapper
    public Response mapInvalidDefinition(InvalidDefinitionException exception) {
        return unexpected(exception);
    }

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response mapUnexpected(Throwable exception) {
        return unexpected(exception);
    }

    private static Response unexpected(Throwable exception) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(exception, "Unexpected error %s", errorId);
        return new Problem(500, "Internal Server Error",
                "The server could not complete the request; quote this error id to the operator.")
                .with("errorId", errorId)
                .toResponse();
    }
}
