package dev.profilebridge.commons.api;

import java.util.UUID;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

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
