package dev.profilebridge.marketing.sap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.connector.odata.BatchRequest;
import dev.profilebridge.connector.odata.BatchResponse.ChangesetOutcome;
import dev.profilebridge.connector.sap.SapCallException;
import dev.profilebridge.connector.sap.SapODataClient;
import dev.profilebridge.testsupport.sap.MarketingContact;
import dev.profilebridge.testsupport.sap.MarketingCloudSandbox;
import io.vertx.mutiny.core.Vertx;
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
