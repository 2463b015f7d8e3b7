package dev.profilebridge.service.sap;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.profilebridge.connector.ConnectorConfig;
import dev.profilebridge.connector.spi.DeliveryOutcome;
import dev.profilebridge.connector.spi.DeliveryTarget;
import dev.profilebridge.connector.spi.ProfileRecord;
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
 * <li>UIDs whose ObjectID the delivery state does not know yet are looked up by {@code ExternalID} (one GET per
 * {@code lookup-chunk} UIDs). This also runs before every retried POST, since a retry's record has no ObjectID
 * until a delivery was confirmed: a POST whose answer was lost, or a crash between POST and commit, ends in a PATCH
 * of the customer it created, never in a second customer.</li>
 * <li>One {@code $batch} with a changeset per customer: {@code PATCH IndividualCustomerCollection('<ObjectID>')} with
 * {@code If-Match} when the ETag is known, else {@code POST}.</li>
 * <li>A {@code 412} (someone changed the customer in C4C) or {@code 404} (it was deleted) re-reads the customer by
 * ExternalID and writes once more; should that meet a 412 or 404 again, the engine retries the record later.</li>
 * </ol>
 * The calls of one batch go one after another, so the engine's in-flight limit is the most calls C4C sees.
 */
@ApplicationScoped
public class IndividualCustomerTarget implements DeliveryTarget {

    static final String COLLECTION = "IndividualCustomerCollection";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A customer in C4C: its ObjectID and, when known, its ETag. */
    record CustomerRef(String objectId, String etag) {
    }

    private final IndividualCustomerMapper mapper;
    private final SapODataClient client;
    private final int lookupChunk;

    @Inject
    IndividualCustomerTarget(C4cConfig config, ConnectorConfig connector, Vertx vertx, OidcClients oidcClients) {
        this(new IndividualCustomerMapper(new CustomerMapping(config.externalSystem(), config.lastNameFallback(),
                config.permissionConsents())), SapODataClient.connect(vertx, config, connector.maxInFlight(), oidcClients,
                        "c4c"), config.lookupChunk());
    }

    IndividualCustomerTarget(IndividualCustomerMapper mapper, SapODataClient client, int lookupChunk) {
        this.mapper = mapper;
        this.client = client;
        this.lookupChunk = lookupChunk;
    }

    @Override
    public Uni<List<DeliveryOutcome>> deliver(List<ProfileRecord> batch) {
        DeliveryOutcome[] outcomes = new DeliveryOutcome[batch.size()];
        Map<Integer, ObjectNode> bodies = new LinkedHashMap<>();
        Map<Integer, CustomerRef> known = new HashMap<>();
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
                known.put(i, new CustomerRef(record.targetId(), record.targetEtag()));
            }
        }
        List<Integer> unknown = bodies.keySet().stream().filter(i -> !known.containsKey(i)).toList();
        return lookUp(batch, unknown, known)
                .chain(() -> write(batch, bodies, known, outcomes, true))
                .map(ignored -> List.of(outcomes));
    }

    /** Finds the customers of these records by ExternalID and adds them to {@code known}. */
    private Uni<Void> lookUp(List<ProfileRecord> batch, List<Integer> indices, Map<Integer, CustomerRef> known) {
        if (indices.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<List<Integer>> chunks = new ArrayList<>();
        for (int from = 0; from < indices.size(); from += lookupChunk) {
            chunks.add(indices.subList(from, Math.min(indices.size(), from + lookupChunk)));
        }
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(chunk -> client.get(lookupPath(batch, chunk))
                        .invoke(answer -> remember(batch, chunk, parse(answer), known)))
                .collect().last().replaceWithVoid();
    }

    private static String lookupPath(List<ProfileRecord> batch, List<Integer> chunk) {
        String filter = chunk.stream().map(i -> "ExternalID eq '" + batch.get(i).uid().replace("'", "''") + "'")
                .collect(Collectors.joining(" or "));
        return COLLECTION + "?$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20")
                + "&$select=ObjectID,ExternalID&$format=json";
    }

    /** C4C does not keep ExternalID unique; should two customers carry one UID, the first one found is updated. */
    private static void remember(List<ProfileRecord> batch, List<Integer> chunk, JsonNode answer,
            Map<Integer, CustomerRef> known) {
        Map<String, CustomerRef> byUid = new HashMap<>();
        for (JsonNode customer : ODataJson.entities(answer)) {
            byUid.putIfAbsent(customer.path("ExternalID").asText(), new CustomerRef(customer.path("ObjectID").asText(),
                    customer.path("__metadata").path("etag").asText(null)));
        }
        chunk.forEach(i -> {
            CustomerRef found = byUid.get(batch.get(i).uid());
            if (found != null) {
                known.put(i, found);
            }
        });
    }

    /** Writes every record without an outcome yet; on 412/404, re-reads those and writes them once more. */
    private Uni<Void> write(List<ProfileRecord> batch, Map<Integer, ObjectNode> bodies, Map<Integer, CustomerRef> known,
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

    private static Operation operation(ObjectNode body, CustomerRef customer) {
        if (customer == null) {
            return new Operation("POST", COLLECTION, body.toString());
        }
        String path = COLLECTION + "('" + customer.objectId() + "')";
        return customer.etag() == null ? new Operation("PATCH", path, body.toString())
                : new Operation("PATCH", path, body.toString(), Map.of("If-Match", customer.etag()));
    }

    /**
     * A POST answers the new customer (ObjectID; ETag in the header and in {@code __metadata.etag}), in C4C's
     * {@code d.results} wrapper or plain OData V2's {@code d}; a PATCH answers the new ETag.
     */
    private static DeliveryOutcome delivered(OperationResponse response, CustomerRef customer) {
        if (customer != null) {
            return new DeliveryOutcome.Delivered(customer.objectId(), response.etag());
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
