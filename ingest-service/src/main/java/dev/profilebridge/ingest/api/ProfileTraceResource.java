package dev.profilebridge.ingest.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import dev.profilebridge.ingest.kafka.AcceptedVersions;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;

/** Operators: when, in which request and from which client each version of a profile was accepted. */
@Path("/ops/profiles")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("dlq:operate")
@Tag(name = "Operators")
public class ProfileTraceResource {

    /** What ingest accepted of one UID within the window. */
    public record Trace(String uid, Instant since, List<AcceptedVersions.Accepted> accepted) {
    }

    private final AcceptedVersions versions;

    ProfileTraceResource(AcceptedVersions versions) {
        this.versions = versions;
    }

    @GET
    @Path("/{uid}")
    @Operation(summary = "The versions of a profile ingest-service accepted: change time, receive time, request id, "
            + "client; since defaults to the trace window (ingest.trace-window)")
    public Uni<Trace> trace(@RestPath String uid, @RestQuery String since) {
        Instant from = since(since);
        return Uni.createFrom().item(() -> new Trace(uid, from, accepted(uid, from)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private List<AcceptedVersions.Accepted> accepted(String uid, Instant from) {
        try {
            return versions.of(uid, from);
        } catch (TimeoutException e) {
            throw new ServiceUnavailableException("Kafka did not answer in time: " + e.getMessage(), 10L);
        }
    }

    private Instant since(String since) {
        try {
            return since == null ? Instant.now().minus(versions.window()) : Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("since must be an ISO-8601 instant such as 2026-12-01T10:00:00Z, was " + since);
        }
    }
}
