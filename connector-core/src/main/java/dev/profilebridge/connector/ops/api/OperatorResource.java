package dev.profilebridge.connector.ops.api;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.commons.api.Problem;
import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.connector.ops.ConnectorOverview;
import dev.profilebridge.connector.ops.DeliveryActivity;
import dev.profilebridge.connector.ops.DeadLetterEntry;
import dev.profilebridge.connector.ops.DeadLetterFilter;
import dev.profilebridge.connector.ops.DeadLetterLog;
import dev.profilebridge.connector.ops.DeadLetterSummary;
import dev.profilebridge.connector.ops.KafkaUnavailableException;
import dev.profilebridge.connector.ops.OperatorConfig;
import dev.profilebridge.connector.ops.OperatorKafka;
import dev.profilebridge.connector.ops.ProfileTrace;
import dev.profilebridge.connector.ops.ProfileTracer;
import dev.profilebridge.connector.ops.Replay;
import dev.profilebridge.connector.ops.ReplayRequest;
import dev.profilebridge.connector.ops.ReplayService;
import dev.profilebridge.connector.ops.ReplayStore;
import dev.profilebridge.connector.ops.Resync;
import dev.profilebridge.connector.ops.ResyncService;
import dev.profilebridge.connector.ops.ResyncStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import dev.profilebridge.wire.kafka.KafkaLookup;

/**
 * The operators' API of a connector: its dead letters, their replay, where a profile stands, and forced re-syncs.
 * Every call needs a token from token-service with the scope {@code dlq:operate}.
 */
@Path("/ops")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(OperatorResource.SCOPE)
@Tag(name = "Operators")
@SecurityScheme(securitySchemeName = "token-service", type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "A client-credentials token from token-service with the scope dlq:operate")
@SecurityRequirement(name = "token-service")
public class OperatorResource {

    static final String SCOPE = "dlq:operate";
    private static final int MAX_LIST = 1000;
    private static final int MAX_RESYNC_UIDS = 10_000;

    private final ConnectorConfig connector;
    private final OperatorConfig config;
    private final DeadLetterLog deadLetters;
    private final OperatorKafka kafka;
    private final ReplayService replayService;
    private final ReplayStore replays;
    private final ProfileTracer tracer;
    private final ResyncService resyncs;
    private final ResyncStore resyncStore;
    private final ObjectMapper json;
    private final JsonWebToken token;
    private final DeliveryActivity activity;

    OperatorResource(ConnectorConfig connector, OperatorConfig config, DeadLetterLog deadLetters, OperatorKafka kafka,
            ReplayService replayService, ReplayStore replays, ProfileTracer tracer, ResyncService resyncs,
            ResyncStore resyncStore, ObjectMapper json, JsonWebToken token, DeliveryActivity activity) {
        this.connector = connector;
        this.config = config;
        this.deadLetters = deadLetters;
        this.kafka = kafka;
        this.replayService = replayService;
        this.replays = replays;
        this.tracer = tracer;
        this.resyncs = resyncs;
        this.resyncStore = resyncStore;
        this.json = json;
        this.token = token;
        this.activity = activity;
    }

    @GET
    @Path("/overview")
    @Operation(summary = "Delivered, skipped as stale, retried and dead-lettered per minute over the last minutes "
            + "(summed over replicas), requests in flight against the budget, whether the target answers, the lag")
    public Uni<ConnectorOverview> overview(@RestQuery Integer minutes) {
        long window = minutes == null ? 180 : minutes;
        long most = config.activity().retention().toMinutes();
        if (window < 1 || window > most) {
            throw new BadRequestException("minutes must be between 1 and " + most);
        }
        return activity.overview(Duration.ofMinutes(window));
    }

    @GET
    @Path("/dead-letters/summary")
    @Operation(summary = "How many dead letters, by error class, HTTP status and age, and the oldest")
    public Uni<DeadLetterSummary> summary() {
        return onWorker(() -> DeadLetterSummary.of(connector.name(), deadLetters.topic(), read(DeadLetterFilter.ALL),
                Instant.now()));
    }

    @GET
    @Path("/dead-letters")
    @Operation(summary = "Dead letters, decoded, filtered; times are ISO-8601 instants, offsets of the original record")
    public Uni<List<DeadLetterView>> list(@RestQuery String uid, @RestQuery String reason, @RestQuery Integer status,
            @RestQuery String from, @RestQuery String to, @RestQuery Integer partition, @RestQuery Long fromOffset,
            @RestQuery Long toOffset, @RestQuery Integer limit) {
        DeadLetterFilter filter = new DeadLetterFilter(uid, reason, status, instant("from", from), instant("to", to),
                partition, fromOffset, toOffset);
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > MAX_LIST) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIST);
        }
        return onWorker(() -> read(filter).stream().limit(max).map(entry -> DeadLetterView.of(entry, json)).toList());
    }

    @POST
    @Path("/replays")
    @Operation(summary = "Replay dead letters (or count with dryRun): stale versions are skipped, records replayed "
            + "too often are parked")
    public Uni<Response> replay(ReplayRequest request) {
        if (request == null) {
            throw new BadRequestException("A body is required: {\"filter\": {...}, \"dryRun\": true|false, "
                    + "\"maxPerSecond\": n, \"limit\": n}");
        }
        checkRate(request.maxPerSecond());
        if (request.limit() != null && request.limit() < 1) {
            throw new BadRequestException("limit must be at least 1");
        }
        return replayService.start(request, requester()).map(replay -> Response
                .status(replay.dryRun() ? Response.Status.OK : Response.Status.ACCEPTED)
                .header("Location", "/ops/replays/" + replay.id()).entity(replay).build());
    }

    @GET
    @Path("/replays")
    @Operation(summary = "The audit: the latest replays and dry runs, newest first")
    public Uni<List<Replay>> replays(@RestQuery Integer limit) {
        return replays.recent(connector.name(), limit == null ? 50 : Math.max(1, Math.min(limit, MAX_LIST)));
    }

    @GET
    @Path("/replays/{id}")
    @Operation(summary = "One replay: its status, position and counts")
    public Uni<Replay> replayById(@RestPath String id) {
        return found(replays.find(connector.name(), uuid(id)), "replay", id);
    }

    @POST
    @Path("/replays/{id}/pause")
    @Operation(summary = "Pause a running replay; it keeps its place")
    public Uni<Replay> pause(@RestPath String id) {
        return change(id, List.of(Replay.Status.RUNNING), Replay.Status.PAUSED);
    }

    @POST
    @Path("/replays/{id}/resume")
    @Operation(summary = "Resume a paused replay")
    public Uni<Replay> resume(@RestPath String id) {
        return change(id, List.of(Replay.Status.PAUSED), Replay.Status.RUNNING);
    }

    @POST
    @Path("/replays/{id}/cancel")
    @Operation(summary = "Cancel a running or paused replay; what it replayed stays replayed")
    public Uni<Replay> cancel(@RestPath String id) {
        return change(id, List.of(Replay.Status.RUNNING, Replay.Status.PAUSED), Replay.Status.CANCELLED);
    }

    @GET
    @Path("/profiles/{uid}")
    @Operation(summary = "Where a profile stands here: the confirmed version and the target's id, pending versions, "
            + "dead letters")
    public Uni<ProfileTrace> trace(@RestPath String uid) {
        return tracer.trace(uid);
    }

    @POST
    @Path("/resync")
    @Operation(summary = "Send the confirmed version of chosen UIDs (or all) to the target again, at a rate; audited")
    public Uni<Response> resync(Resync.Request request) {
        if (request == null || request.all() == (request.uids() != null && !request.uids().isEmpty())) {
            throw new BadRequestException("Name the UIDs ({\"uids\": [...]}) or ask for all ({\"all\": true}), "
                    + "not both");
        }
        if (request.uids() != null && request.uids().size() > MAX_RESYNC_UIDS) {
            throw new BadRequestException("At most " + MAX_RESYNC_UIDS + " UIDs per re-sync; use all for more");
        }
        checkRate(request.maxPerSecond());
        return resyncs.start(request, requester()).map(resync -> Response.accepted(resync)
                .header("Location", "/ops/resync/" + resync.id()).build());
    }

    @GET
    @Path("/resync")
    @Operation(summary = "The audit: the latest re-syncs, newest first")
    public Uni<List<Resync>> resyncs(@RestQuery Integer limit) {
        return resyncStore.recent(connector.name(), limit == null ? 50 : Math.max(1, Math.min(limit, MAX_LIST)));
    }

    @GET
    @Path("/resync/{id}")
    @Operation(summary = "One re-sync: its status and counts")
    public Uni<Resync> resyncById(@RestPath String id) {
        return found(resyncStore.find(connector.name(), uuid(id)), "re-sync", id);
    }

    @ServerExceptionMapper
    Response kafkaUnavailable(KafkaUnavailableException e) {
        return Response.fromResponse(new Problem(503, "Kafka unavailable", e.getMessage()).toResponse())
                .header("Retry-After", "10").build();
    }

    private Uni<Replay> change(String id, List<Replay.Status> from, Replay.Status to) {
        UUID replay = uuid(id);
        return replays.change(connector.name(), replay, from, to).chain(changed -> changed.isPresent()
                ? Uni.createFrom().item(changed.get())
                : replays.find(connector.name(), replay).map(found -> {
                    throw found.isEmpty() ? new NotFoundException("No replay " + id + " in " + connector.name())
                            : new ConflictException("Replay " + id + " is " + found.get().status().name().toLowerCase()
                                    + ": it cannot be moved to " + to.name().toLowerCase());
                }));
    }

    private <T> Uni<T> found(Uni<Optional<T>> lookup, String what, String id) {
        return lookup.map(found -> found.orElseThrow(
                () -> new NotFoundException("No " + what + " " + id + " in " + connector.name())));
    }

    private void checkRate(Integer maxPerSecond) {
        int limit = config.replay().maxPerSecondLimit();
        if (maxPerSecond != null && (maxPerSecond < 1 || maxPerSecond > limit)) {
            throw new BadRequestException("maxPerSecond must be between 1 and " + limit);
        }
    }

    private List<DeadLetterEntry> read(DeadLetterFilter filter) {
        try (KafkaLookup session = kafka.session()) {
            return deadLetters.read(session, deadLetters.end(session), filter);
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException(e.getMessage());
        }
    }

    private String requester() {
        String client = token.getClaim("client_id");
        return Optional.ofNullable(client).orElse(token.getSubject());
    }

    private static <T> Uni<T> onWorker(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static Instant instant(String name, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be an ISO-8601 instant such as 2026-12-01T10:00:00Z, was " + value);
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No replay or re-sync " + id);
        }
    }
}
