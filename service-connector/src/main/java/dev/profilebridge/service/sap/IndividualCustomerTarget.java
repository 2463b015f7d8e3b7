package dev.profilebridge.service.sap;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.connector.spi.DeliveryOutcome;
import dev.profilebridge.connector.spi.DeliveryTarget;
import dev.profilebridge.connector.spi.ProfileRecord;
import dev.profilebridge.connector.spi.TargetIdLookup;
import dev.profilebridge.connector.spi.TargetIdLookup.TargetId;
import dev.profilebridge.connector.odata.BatchRequest;
import dev.profilebridge.connector.odata.BatchRequest.Operation;
import dev.profilebridge.connector.odata.BatchResponse.ChangesetOutcome;
import dev.profilebridge.connector.odata.BatchResponse.OperationResponse;
import dev.profilebridge.connector.odata.ODataJson;
import dev.profilebridge.connector.sap.SapCallException;
import dev.profilebridge.connector.sap.SapODataClient;
import dev.profilebridge.service.config.C4cConfig;
import io.quarkus.oidc.client.OidcClients;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Upserts a batch of profiles as C4C individual customers; C4C has no upsert, so:
 * <ol>
 * <li>UIDs whose ObjectID the delivery state does not know yet are looked up by {@code ExternalID}: ahead of the
 * delivery by the engine ({@link #idLookup}: one {@code $batch} of GET parts for the UIDs of several upcoming
 * batches), or, for a record that comes without such an answer, here (one GET per {@code lookup-chunk} UIDs). An
 * answer serves one attempt, so a retried POST is looked up again: a POST whose answer was lost, or a crash between
 * POST and commit, ends in a PATCH of the customer it created, never in a second customer.</li>
 * <li>One {@code $batch} with a changeset per customer: {@code PATCH IndividualCustomerCollection('<ObjectID>')} with
 * {@code If-Match} when the ETag is known, else {@code POST}.</li>
 * <li>A {@code 412} (someone changed the customer in C4C) or {@code 404} (it was deleted) re-reads the customer by
 * ExternalID and writes once more; should that meet a 412 or 404 again, the engine retries the record later.</li>
 * </ol>
 * The calls of one batch go one after another, and a lookup ahead is a call of its own in one of the engine's slots,
 * so the engine's in-flight limit is the most calls C4C sees.
 */
@ApplicationScoped
public class IndividualCustomerTarget implements DeliveryTarget {

    static final String COLLECTION = "IndividualCustomerCollection";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IndividualCustomerMapper mapper;
    private final SapODataClient client;
    private final int lookupChunk;
    private final int lookahead;

    @Inject
    IndividualCustomerTarget(C4cConfig config, ConnectorConfig connector, Vertx vertx, OidcClients oidcClients) {
        this(new IndividualCustomerMapper(new CustomerMapping(config.externalSystem(), config.lastNameFallback(),
                config.permissionConsents())), SapODataClient.connect(vertx, config, connector.maxInFlight(), oidcClients,
                        "c4c"), config.lookupChunk(), config.lookahead());
    }

    IndividualCustomerTarget(IndividualCustomerMapper mapper, SapODataClient client, int lookupChunk, int lookahead) {
        this.mapper = mapper;
        this.client = client;
        this.lookupChunk = lookupChunk;
        this.lookahead = lookahead;
    }

    @Override
    public Optional<TargetIdLookup> idLookup() {
        if (lookahead <= 0) {
            return Optional.empty();
        }
        return Optional.of(new TargetIdLookup() {
            @Override
            public int maxUids() {
                return lookahead;
            }

            @Override
            public Uni<Map<String, Optional<TargetId>>> find(List<String> uids) {
                return findAhead(uids);
            }
        });
    }

    /**
     * One {@code $batch} of GET parts, {@code lookup-chunk} UIDs each: C4C's guide has a {@code $batch} of queries
     * where an OR list grows long ("mass query"; "Known Limitations": "multiple queries can be executed as part of a
     * $batch query"). A part C4C refused leaves its UIDs unanswered: their delivery looks them up itself.
     */
    Uni<Map<String, Optional<TargetId>>> findAhead(List<String> uids) {
        List<List<String>> chunks = chunks(uids);
        BatchRequest request = new BatchRequest();
        chunks.forEach(chunk -> request.query(lookupPath(chunk)));
        return client.batch(request).map(answers -> {
            Map<String, Optional<TargetId>> found = new HashMap<>();
            for (int j = 0; j < chunks.size(); j++) {
                ChangesetOutcome answer = answers.get(j);
                if (answer.succeeded()) {
                    Map<String, TargetId> customers = customersByUid(parse(answer.responses().get(0).body()));
                    chunks.get(j).forEach(uid -> found.put(uid, Optional.ofNullable(customers.get(uid))));
                }
            }
            return found;
        });
    }

    private <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += lookupChunk) {
            chunks.add(items.subList(from, Math.min(items.size(), from + lookupChunk)));
        }
        return chunks;
    }

    @Override
    public Uni<List<DeliveryOutcome>> deliver(List<ProfileRecord> batch) {
        DeliveryOutcome[] outcomes = new DeliveryOutcome[batch.size()];
        Map<Integer, ObjectNode> bodies = new LinkedHashMap<>();
        Map<Integer, TargetId> known = new HashMap<>();
        Set<Integer> absent = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            ProfileRecord record = batch.get(i);
            try {
                bodies.put(i, mapper.map(record.event()));
            } catch (RuntimeException e) {
                // Whatever a value does to the mapper fails its own record, never its neighbours or the engine.
                outcomes[i] = DeliveryOutcome.unmappable(e);
                continue;
            }
            if (record.targetId() != null) {
                known.put(i, new TargetId(record.targetId(), record.targetEtag()));
            } else if (record.absentAtTarget()) {
                absent.add(i);
            }
        }
        List<Integer> unknown = bodies.keySet().stream().filter(i -> !known.containsKey(i) && !absent.contains(i))
                .toList();
        return lookUp(batch, unknown, known)
                .chain(() -> write(batch, bodies, known, outcomes, true))
                .map(ignored -> List.of(outcomes));
    }

    /** Finds the customers of these records by ExternalID and adds them to {@code known}. */
    private Uni<Void> lookUp(List<ProfileRecord> batch, List<Integer> indices, Map<Integer, TargetId> known) {
        if (indices.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(chunks(indices))
                .onItem().transformToUniAndConcatenate(chunk -> client.get(lookupPath(chunk.stream()
                        .map(i -> batch.get(i).uid()).toList()))
                        .invoke(answer -> {
                            Map<String, TargetId> customers = customersByUid(parse(answer));
                            chunk.stream().filter(i -> customers.containsKey(batch.get(i).uid()))
                                    .forEach(i -> known.put(i, customers.get(batch.get(i).uid())));
                        }))
                .collect().last().replaceWithVoid();
    }

    private static String lookupPath(List<String> uids) {
        String filter = uids.stream().map(uid -> "ExternalID eq '" + uid.replace("'", "''") + "'")
                .collect(Collectors.joining(" or "));
        return COLLECTION + "?$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20")
                + "&$select=ObjectID,ExternalID&$format=json";
    }

    /** C4C does not keep ExternalID unique; should two customers carry one UID, the first one found is updated. */
    private static Map<String, TargetId> customersByUid(JsonNode answer) {
        Map<String, TargetId> byUid = new HashMap<>();
        for (JsonNode customer : ODataJson.entities(answer)) {
            byUid.putIfAbsent(customer.path("ExternalID").asText(), new TargetId(customer.path("ObjectID").asText(),
                    customer.path("__metadata").path("etag").asText(null)));
        }
        return byUid;
    }

    /** Writes every record without an outcome yet; on 412/404, re-reads those and writes them once more. */
    private Uni<Void> write(List<ProfileRecord> batch, Map<Integer, ObjectNode> bodies, Map<Integer, TargetId> known,
            DeliveryOutcome[] outcomes, boolean mayReread) {
        List<Integer> pending = bodies.keySet().stream().filter(i -> outcomes[i] == null).toList();
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        BatchRequest request = new BatchRequest();
        pending.forEach(i -> request.changeset(List.of(operation(bodies.get(i), known.get(i)))));
        return client.batch(request).chain(results -> {
            List<Integer> stale = new ArrayList<>();
            for (int j = 0; j < pending.size(); j++) {
                int i = pending.get(j);
                ChangesetOutcome result = results.get(j);
                if (result.succeeded()) {
                    outcomes[i] = delivered(result.responses().get(0), known.get(i));
                } else if (isStale(result) && mayReread) {
                    stale.add(i);
                    known.remove(i);
                } else {
                    outcomes[i] = isStale(result) ? new DeliveryOutcome.Retry(result.message(), result.status(), null)
                            : DeliveryOutcome.refused(result.status(), result.message());
                }
            }
            return stale.isEmpty() ? Uni.createFrom().voidItem()
                    : lookUp(batch, stale, known).chain(() -> write(batch, bodies, known, outcomes, false));
        });
    }

    /** The customer changed (412) or went (404) since we last knew it: re-read it rather than give up. */
    private static boolean isStale(ChangesetOutcome result) {
        return result.status() == 412 || result.status() == 404;
    }

    private static Operation operation(ObjectNode body, TargetId customer) {
        if (customer == null) {
            return new Operation("POST", COLLECTION, body.toString());
        }
        String path = COLLECTION + "('" + customer.id() + "')";
        return customer.etag() == null ? new Operation("PATCH", path, body.toString())
                : new Operation("PATCH", path, body.toString(), Map.of("If-Match", customer.etag()));
    }

    /**
     * A POST answers the new customer (ObjectID; ETag in the header and in {@code __metadata.etag}), in C4C's
     * {@code d.results} wrapper or plain OData V2's {@code d}; a PATCH answers the new ETag.
     */
    private static DeliveryOutcome delivered(OperationResponse response, TargetId customer) {
        if (customer != null) {
            return new DeliveryOutcome.Delivered(customer.id(), response.etag());
        }
        JsonNode created = ODataJson.singleEntity(parse(response.body()));
        if (!created.path("ObjectID").isTextual()) {
            // The lookup before the next attempt finds the customer this POST created.
            return new DeliveryOutcome.Retry("C4C created the customer but answered no ObjectID", response.status(), null);
        }
        String etag = response.etag() != null ? response.etag() : created.path("__metadata").path("etag").asText(null);
        return new DeliveryOutcome.Delivered(created.path("ObjectID").asText(), etag);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new SapCallException(502, null, "C4C answered something that is not JSON: " + e.getMessage(), e);
        }
    }
}
