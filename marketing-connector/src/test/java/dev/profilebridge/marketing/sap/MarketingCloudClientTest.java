package dev.profilebridge.marketing.sap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.connector.odata.BatchRequest;
import dev.profilebridge.connector.odata.BatchRequest.Operation;
import dev.profilebridge.connector.odata.BatchResponse.ChangesetOutcome;
import dev.profilebridge.connector.sap.SapCallException;
import dev.profilebridge.connector.sap.SapODataClient;
import dev.profilebridge.sandbox.MarketingContact;
import dev.profilebridge.sandbox.MarketingCloudSandbox;
import io.vertx.mutiny.core.Vertx;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.ext.web.client.WebClient;

/** The $batch codec, the mapper and the CSRF-aware client against the Marketing Cloud sandbox. */
class MarketingCloudClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Vertx vertx = Vertx.vertx();
    private final MarketingCloudSandbox sandbox = MarketingCloudSandbox.start(0, "COMM_USER", "s3cret");
    private final ContactOriginMapper mapper = new ContactOriginMapper(ContactOriginMapperTest.MAPPING);

    @AfterEach
    void stop() {
        sandbox.close();
        vertx.closeAndAwait();
    }

    @Test
    void oneChangesetPerContactAndARejectedContactFailsAlone() throws Exception {
        sandbox.rejectContact("uid-bad");
        List<ChangesetOutcome> outcomes = client("s3cret").batch(batch("uid-a", "uid-bad", "uid-c"))
                .await().atMost(Duration.ofSeconds(10));

        assertEquals(3, outcomes.size());
        assertTrue(outcomes.get(0).succeeded());
        assertEquals(400, outcomes.get(1).status());
        assertTrue(outcomes.get(1).message().contains("uid-bad"), outcomes.get(1).message());
        assertTrue(outcomes.get(2).succeeded());
        assertEquals(2, sandbox.contactCount());
        assertNull(sandbox.contact("GIGYA", "uid-bad"));

        MarketingContact zoe = sandbox.contact("GIGYA", "uid-a");
        assertEquals("Zoë", zoe.field("FirstName"));
        assertEquals("O'Brien-Müller", zoe.field("LastName"));
        assertEquals(1, zoe.permissions().size());
        assertEquals("Y", zoe.permissions().values().iterator().next().get("PermissionGranted"));
        assertEquals(1, zoe.subscriptions().size());
    }

    @Test
    void theSandboxRefusesAContactWriteWithoutSapsHeadersOrWithMalformedOnes() throws Exception {
        Operation put = mapper.map(JSON.readTree(ContactOriginMapperTest.fullEvent("uid-h"))).get(0);
        List<ChangesetOutcome> outcomes = client("s3cret").batch(new BatchRequest()
                .changeset(List.of(withHeaders(put, Map.of())))
                .changeset(List.of(withHeaders(put, Map.of("Sap-Cuan-SourceSystemId", ""))))
                .changeset(List.of(withHeaders(put, Map.of("Sap-Cuan-RequestTimestamp", "2024-11-24 09:40:00"))))
                .changeset(List.of(withHeaders(put, Map.of("Sap-Cuan-RequestTimestamp", "'2024-02-30T09:40:00.000'"))))
                .changeset(List.of(withHeaders(put, Map.of("Sap-Cuan-ForceSynchronousProcessing", "true"))))
                .changeset(List.of(new Operation(put.method(), put.path(), put.jsonBody())))
                .changeset(List.of(withHeaders(put, Map.of("Sap-Cuan-RequestTimestamp", "20241124094000.1230000")))))
                .await().atMost(Duration.ofSeconds(10));

        assertTrue(outcomes.get(0).succeeded(), outcomes.get(0).message());
        assertRefused(outcomes.get(1), "Sap-Cuan-SourceSystemId is missing");
        assertRefused(outcomes.get(2), "is not a timestamp");
        assertRefused(outcomes.get(3), "is not a timestamp");
        assertRefused(outcomes.get(4), "takes X");
        assertRefused(outcomes.get(5), "Sap-Cuan-RequestTimestamp is missing");
        assertTrue(outcomes.get(6).succeeded(), "SAP's compact form of the timestamp is taken too");
    }

    @Test
    void withUpdatePatchASparseProfileKeepsWhatTheContactHoldsAndWithoutItThePutReplaces() throws Exception {
        SapODataClient client = client("s3cret");
        client.batch(batch("uid-p")).await().atMost(Duration.ofSeconds(10));
        Operation sparse = mapper.map(JSON.readTree("{\"uid\":\"uid-p\",\"changedAt\":\"2024-11-25T09:40:00Z\","
                + "\"profile\":{\"firstName\":\"Zoe\"}}")).get(0);

        client.batch(new BatchRequest().changeset(List.of(sparse))).await().atMost(Duration.ofSeconds(10));
        MarketingContact patched = sandbox.contact("GIGYA", "uid-p");
        assertEquals("Zoe", patched.field("FirstName"));
        assertEquals("O'Brien-Müller", patched.field("LastName"));
        assertEquals("zoe@example.com", patched.field("EmailAddress"));
        assertEquals("2", patched.field("GenderCode"));

        Map<String, String> noSequence = new java.util.HashMap<>(sparse.headers());
        noSequence.remove("Sap-Cuan-SequenceId");
        client.batch(new BatchRequest().changeset(List.of(new Operation(sparse.method(), sparse.path(), sparse.jsonBody(),
                noSequence)))).await().atMost(Duration.ofSeconds(10));
        MarketingContact replaced = sandbox.contact("GIGYA", "uid-p");
        assertEquals("Zoe", replaced.field("FirstName"));
        assertNull(replaced.field("LastName"), "a PUT without UpdatePatch replaces the origin data");
    }

    @Test
    void theSandboxRefusesTwoPermissionsWithOneKey() throws Exception {
        List<Operation> writes = mapper.map(JSON.readTree(ContactOriginMapperTest.fullEvent("uid-twice")));
        List<ChangesetOutcome> outcomes = client("s3cret").batch(new BatchRequest()
                .changeset(List.of(writes.get(0), writes.get(1), writes.get(1)))).await().atMost(Duration.ofSeconds(10));
        assertRefused(outcomes.get(0), "Two permissions");
        assertNull(sandbox.contact("GIGYA", "uid-twice"), "the changeset fails as a whole");
    }

    private static Operation withHeaders(Operation operation, Map<String, String> changes) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(operation.headers());
        headers.putAll(changes);
        return new Operation(operation.method(), operation.path(), operation.jsonBody(), headers);
    }

    private static void assertRefused(ChangesetOutcome outcome, String message) {
        assertEquals(400, outcome.status());
        assertTrue(outcome.message().contains(message), outcome.message());
    }

    @Test
    void anExpiredCsrfTokenIsFetchedAgainAndTheBatchSentOnce() throws Exception {
        SapODataClient client = client("s3cret");
        client.batch(batch("uid-1")).await().atMost(Duration.ofSeconds(10));
        sandbox.expireCsrfToken();
        List<ChangesetOutcome> outcomes = client.batch(batch("uid-2")).await().atMost(Duration.ofSeconds(10));
        assertTrue(outcomes.get(0).succeeded());
        assertEquals(2, sandbox.batchRequests());
        assertEquals(2, sandbox.contactCount());
    }

    @Test
    void wrongCredentialsAreNotRetryable() {
        SapCallException failure = assertThrows(SapCallException.class,
                () -> client("wrong").batch(batch("uid-1")).await().atMost(Duration.ofSeconds(10)));
        assertEquals(401, failure.status());
        assertFalse(failure.retryable());
    }

    @Test
    void throttlingIsRetryableWithSapsRetryAfter() {
        sandbox.failNextBatches(1, 429, Duration.ofSeconds(3));
        SapCallException failure = assertThrows(SapCallException.class,
                () -> client("s3cret").batch(batch("uid-1")).await().atMost(Duration.ofSeconds(10)));
        assertEquals(429, failure.status());
        assertTrue(failure.retryable());
        assertEquals(Duration.ofSeconds(3), failure.retryAfter());
    }

    @Test
    void aSlowSapIsATimeoutThatCanBeRetried() {
        sandbox.latency(Duration.ofMillis(1500));
        SapODataClient impatient = new SapODataClient(WebClient.create(vertx),
                new SapODataClient.Settings(sandbox.serviceUrl(), SapODataClient.Settings.basic("COMM_USER", "s3cret"), Duration.ofMillis(300)));
        SapCallException failure = assertThrows(SapCallException.class,
                () -> impatient.batch(batch("uid-1")).await().atMost(Duration.ofSeconds(10)));
        assertEquals(0, failure.status());
        assertTrue(failure.retryable());
    }

    @Test
    void aTimedOutRequestIsAbortedAndFreesItsConnection() throws Exception {
        client("s3cret").batch(batch("uid-warm")).await().atMost(Duration.ofSeconds(10));
        sandbox.latency(Duration.ofSeconds(5));
        int before = sandbox.requestsReceived();
        // One pooled connection: the second request can reach SAP while the first is unanswered only if the first's
        // timeout gave its connection back.
        SapODataClient oneConnection = new SapODataClient(WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(1)),
                new SapODataClient.Settings(sandbox.serviceUrl(), SapODataClient.Settings.basic("COMM_USER", "s3cret"),
                        Duration.ofMillis(300)));
        for (String uid : List.of("uid-slow-1", "uid-slow-2")) {
            SapCallException failure = assertThrows(SapCallException.class,
                    () -> oneConnection.get("ContactOriginData").await().atMost(Duration.ofSeconds(3)), uid);
            assertEquals(0, failure.status());
        }
        dev.profilebridge.testsupport.Await.until(Duration.ofSeconds(5), () -> sandbox.requestsReceived() == before + 2);
        assertEquals(2, sandbox.peakConcurrentRequests(), "the second request met the first at SAP");
    }

    private SapODataClient client(String password) {
        return new SapODataClient(WebClient.create(vertx),
                new SapODataClient.Settings(sandbox.serviceUrl(), SapODataClient.Settings.basic("COMM_USER", password), Duration.ofSeconds(5)));
    }

    private BatchRequest batch(String... uids) throws Exception {
        BatchRequest batch = new BatchRequest();
        for (String uid : uids) {
            batch.changeset(mapper.map(JSON.readTree(ContactOriginMapperTest.fullEvent(uid))));
        }
        return batch;
    }
}
