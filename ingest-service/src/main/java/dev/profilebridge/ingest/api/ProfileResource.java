package dev.profilebridge.ingest.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.profilebridge.commons.api.Problem;
import dev.profilebridge.ingest.config.IngestConfig;
import dev.profilebridge.ingest.domain.IngestResult;
import dev.profilebridge.ingest.domain.KafkaUnavailableException;
import dev.profilebridge.ingest.domain.MalformedBodyException;
import dev.profilebridge.ingest.domain.ProfileIngestion;
import dev.profilebridge.ingest.domain.TooManyRecordsException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The URL the CDC dataflow posts profiles to. */
@Path("/v1/profiles")
public class ProfileResource {

    public static final String REQUEST_ID = "X-Request-Id";

    @Inject
    ProfileIngestion ingestion;

    @Inject
    JsonWebToken token;

    @Inject
    IngestConfig config;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("profiles:write")
    @Operation(summary = "Accept CDC accounts: one object, an array, {\"records\": [...]}, or NDJSON; 202 once Kafka "
            + "acknowledged every accepted profile")
    public Uni<Response> ingest(byte[] body, @Context HttpHeaders headers) {
        String requestId = UUID.randomUUID().toString();
        String clientId = token.getClaim("client_id") != null ? token.getClaim("client_id") : token.getSubject();
        return ingestion.ingest(body, headers.getHeaderString(HttpHeaders.CONTENT_TYPE), clientId, requestId,
                headers.getHeaderString("traceparent"))
                .map(this::answer);
    }

    private Response answer(IngestResult result) {
        if (result.nothingAccepted()) {
            return Response.fromResponse(new Problem(422, "Unprocessable Content", "No record of the request is valid")
                    .with("requestId", result.requestId())
                    .with("rejected", result.rejected())
                    .toResponse()).header(REQUEST_ID, result.requestId()).build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", result.requestId());
        body.put("accepted", result.accepted());
        body.put("superseded", result.superseded());
        body.put("rejected", result.rejected());
        return Response.accepted(body).type(MediaType.APPLICATION_JSON_TYPE).header(REQUEST_ID, result.requestId())
                .build();
    }

    @ServerExceptionMapper
    Response malformed(MalformedBodyException e) {
        Problem problem = new Problem(400, "Malformed body", e.getMessage());
        if (e.line() != null) {
            problem.with("line", e.line()).with("column", e.column());
        }
        return problem.toResponse();
    }

    @ServerExceptionMapper
    Response tooMany(TooManyRecordsException e) {
        return new Problem(413, "Too many records", e.getMessage()).with("limit", e.limit()).toResponse();
    }

    @ServerExceptionMapper
    Response kafkaUnavailable(KafkaUnavailableException e) {
        // Records handed to the producer before Kafka failed may be written: say so, and why a retry is still right.
        return Response.fromResponse(new Problem(503, "Service Unavailable",
                "Kafka did not acknowledge every profile of this request, so the request is not accepted; some of its "
                        + "profiles may have been written. Retry the same request later: it is safe, a version "
                        + "already delivered is not delivered again.")
                .toResponse()).header("Retry-After", config.retryAfter().toSeconds()).build();
    }
}
