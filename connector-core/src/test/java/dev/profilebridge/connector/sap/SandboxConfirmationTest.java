package dev.profilebridge.connector.sap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.profilebridge.connector.odata.BatchRequest;
import dev.profilebridge.connector.odata.BatchRequest.Operation;
import dev.profilebridge.connector.odata.BatchResponse.ChangesetOutcome;
import dev.profilebridge.sandbox.C4CSandbox;
import dev.profilebridge.sandbox.MarketingCloudSandbox;
import dev.profilebridge.sandbox.SapGatewaySandbox;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * What the benchmarks read from the sandboxes: a confirmation stamp per stored profile version, taken on the JVM's
 * monotonic clock as the answer leaves (after the configured latency), none for a changeset SAP refused; and the count
 * of distinct versions stored, which a duplicate write does not raise.
 */
class SandboxConfirmationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LATENCY = Duration.ofMillis(150);
    private static final String DATE = "/Date(1732441200000)/";
    private static final Map<String, String> SOURCE = Map.of("Sap-Cuan-RequestTimestamp", "'2026-12-01T10:00:00.000'",
            "Sap-Cuan-SourceSystemType", "EXT", "Sap-Cuan-SourceSystemId", "CDC");

    private record Confirmation(String uid, String firstName, long at) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final List<Confirmation> confirmations = new CopyOnWriteArrayList<>();
    private SapGatewaySandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        vertx.closeAndAwait();
    }

    @Test
    void marketingCloudConfirmsEachStoredVersionAsItsAnswerLeavesAndNotARefusedOne() {
        SapODataClient client = listenedTo(MarketingCloudSandbox.start(0, "COMM_USER", "secret"));
        send(client, contact("c-0", "Eve v1", "DE")); // the client fetches its CSRF token first: not in what is timed
        confirmations.clear();

        long sent = System.nanoTime();
        List<ChangesetOutcome> outcomes = client.batch(new BatchRequest()
                .changeset(List.of(contact("c-1", "Ada v1", "DE")))
                .changeset(List.of(contact("c-2", "Bob v1", "XQ")))).await().atMost(WAIT);
        long answered = System.nanoTime();

        assertTrue(outcomes.get(0).succeeded() && !outcomes.get(1).succeeded(), "c-2's country is not SAP's");
        assertEquals(1, confirmations.size(), "only the stored contact is confirmed: " + confirmations);
        Confirmation confirmed = confirmations.get(0);
        assertEquals("c-1", confirmed.uid());
        assertEquals("Ada v1", confirmed.firstName());
        assertTrue(confirmed.at() - sent >= LATENCY.toNanos(), "confirmed as the answer leaves, after the latency");
        assertTrue(confirmed.at() <= answered, "confirmed before the client had the answer");
    }

    @Test
    void distinctVersionsCountADuplicateWriteOnce() {
        SapODataClient client = listenedTo(MarketingCloudSandbox.start(0, "COMM_USER", "secret"));

        send(client, contact("c-1", "Ada v1", "DE"));
        send(client, contact("c-1", "Ada v1", "DE"));
        send(client, contact("c-1", "Ada v2", "DE"));

        assertEquals(2, sandbox.distinctProfileVersions());
        assertEquals(3, confirmations.size(), "each write's answer confirms what it stored");
    }

    @Test
    void c4cConfirmsACreatedCustomerByItsExternalId() {
        SapODataClient client = listenedTo(C4CSandbox.start(0, "COMM_USER", "secret"));

        send(client, new Operation("POST", "IndividualCustomerCollection",
                "{\"ExternalID\":\"uid-1\",\"FirstName\":\"Ada v1\",\"LastName\":\"Doe\"}"));

        assertEquals(List.of("uid-1|Ada v1"), confirmations.stream().map(c -> c.uid() + "|" + c.firstName()).toList());
        assertEquals(1, sandbox.distinctProfileVersions());
    }

    private SapODataClient listenedTo(SapGatewaySandbox sap) {
        sandbox = sap;
        sap.latency(LATENCY);
        sap.onConfirmed((uid, firstName, at) -> confirmations.add(new Confirmation(uid, firstName, at)));
        return new SapODataClient(WebClient.create(vertx), new SapODataClient.Settings(sap.serviceUrl(),
                SapODataClient.Settings.basic("COMM_USER", "secret"), Duration.ofSeconds(5)));
    }

    private static Operation contact(String id, String firstName, String country) {
        return new Operation("PUT", "ContactOriginData(ContactOrigin='SAP_CDC',ContactID='" + id + "')",
                "{\"OriginDataLastChgUTCDateTime\":\"" + DATE + "\",\"FirstName\":\"" + firstName
                        + "\",\"LastName\":\"Doe\",\"Country\":\"" + country + "\"}", SOURCE);
    }

    private static void send(SapODataClient client, Operation operation) {
        ChangesetOutcome outcome = client.batch(new BatchRequest().changeset(List.of(operation))).await().atMost(WAIT).get(0);
        assertTrue(outcome.succeeded(), "stored: " + outcome);
    }
}
