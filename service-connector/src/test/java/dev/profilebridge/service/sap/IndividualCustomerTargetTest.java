package dev.profilebridge.service.sap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.profilebridge.connector.spi.DeliveryOutcome;
import dev.profilebridge.connector.spi.ProfileRecord;
import dev.profilebridge.connector.spi.TargetIdLookup;
import dev.profilebridge.connector.odata.BatchRequest;
import dev.profilebridge.connector.odata.BatchResponse.ChangesetOutcome;
import dev.profilebridge.connector.sap.SapCallException;
import dev.profilebridge.connector.sap.SapODataClient;
import dev.profilebridge.sandbox.C4CCustomer;
import dev.profilebridge.sandbox.C4CSandbox;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/** The C4C target and the sandbox's strictness: upserts, ETags, lookups, errors per customer. */
class IndividualCustomerTargetTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Vertx vertx = Vertx.vertx();
    private final C4CSandbox sandbox = C4CSandbox.start(0, "C4C_USER", "s3cret");
    private final SapODataClient client = client("s3cret");
    private final IndividualCustomerTarget target = new IndividualCustomerTarget(
            new IndividualCustomerMapper(IndividualCustomerMapperTest.MAPPING), client, 20, 80);

    @AfterEach
    void stop() {
        sandbox.close();
        vertx.closeAndAwait();
    }

    @Test
    void aNewUidIsCreatedThenUpdatedInPlaceWithItsEtag() throws Exception {
        DeliveryOutcome.Delivered created = delivered(deliver(record("uid-1", 1, "Ana", null, null)).get(0));
        assertNotNull(created.targetId());
        assertNotNull(created.targetEtag());

        DeliveryOutcome.Delivered updated = delivered(deliver(record("uid-1", 2, "Anna", created.targetId(),
                created.targetEtag())).get(0));

        assertEquals(created.targetId(), updated.targetId());
        assertTrue(!created.targetEtag().equals(updated.targetEtag()), "a PATCH moves the ETag on");
        List<C4CCustomer> customers = sandbox.customersWithExternalId("uid-1");
        assertEquals(1, customers.size());
        assertEquals("Anna", customers.get(0).field("FirstName"));
        assertEquals(updated.targetEtag(), customers.get(0).etag());
        assertEquals(1, sandbox.lookups(), "the update knew its ObjectID and skipped the lookup");
    }

    @Test
    void newUidsCostOneLookupPerChunkAndOnePostEachWithNoRetry() {
        // 45 new UIDs at a lookup chunk of 20: ⌈45 / 20⌉ = 3 lookups, one $batch of 45 POSTs, nothing to retry.
        ProfileRecord[] records = new ProfileRecord[45];
        for (int i = 0; i < records.length; i++) {
            records[i] = newRecord("uid-new-" + i);
        }
        List<DeliveryOutcome> outcomes = deliver(records);

        outcomes.forEach(outcome -> {
            DeliveryOutcome.Delivered delivered = delivered(outcome);
            assertNotNull(delivered.targetId(), "the ObjectID is read from C4C's d.results answer");
            assertNotNull(delivered.targetEtag());
        });
        assertEquals(3, sandbox.lookups());
        assertEquals(1, sandbox.batchRequests());
        assertEquals(45, sandbox.creates());
        assertEquals(45, sandbox.customerCount());
        assertEquals(sandbox.customersWithExternalId("uid-new-7").get(0).objectId(),
                ((DeliveryOutcome.Delivered) outcomes.get(7)).targetId());
    }

    @Test
    void aLookupAheadFindsEightyUidsInOneBatchOfGetsAndTheirCreatesThenNeedNoLookupOfTheirOwn() throws Exception {
        DeliveryOutcome.Delivered existing = delivered(deliver(record("ahead-3", 1, "Old", null, null)).get(0));
        int callsBefore = sandbox.lookupCalls();
        int lookupsBefore = sandbox.lookups();
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            uids.add("ahead-" + i);
        }
        Map<String, Optional<TargetIdLookup.TargetId>> found = target.idLookup().orElseThrow().find(uids)
                .await().atMost(WAIT);

        assertEquals(1, sandbox.lookupCalls() - callsBefore, "80 UIDs in one call");
        assertEquals(4, sandbox.lookups() - lookupsBefore, "as four queries of the lookup chunk (20)");
        assertEquals(80, found.size());
        assertEquals(existing.targetId(), found.get("ahead-3").orElseThrow().id());
        assertEquals(79, found.values().stream().filter(Optional::isEmpty).count());

        int batchesBefore = sandbox.batchRequests();
        ProfileRecord[] creates = new ProfileRecord[10];
        for (int i = 0; i < creates.length; i++) {
            creates[i] = absent(newRecord("ahead-" + (10 + i)));
        }
        deliver(creates).forEach(IndividualCustomerTargetTest::delivered);
        assertEquals(1, sandbox.lookupCalls() - callsBefore, "the creates trusted the answer: no lookup of their own");
        assertEquals(1, sandbox.batchRequests() - batchesBefore);
        assertEquals(11, sandbox.creates());
    }

    @Test
    void theSandboxChecksAGetInABatchAsStrictlyAsC4C() {
        String lookup = "IndividualCustomerCollection?$filter=ExternalID%20eq%20%27x%27&$select=ObjectID,ExternalID";
        List<ChangesetOutcome> answers = client.batch(new BatchRequest().query(lookup)
                .query(lookup + "&$format=json")
                .query("IndividualCustomerCollection?$format=json&$filter=" + "ExternalID%20eq%20%27x%27%20or%20".repeat(300)
                        + "ExternalID%20eq%20%27y%27"))
                .await().atMost(WAIT);
        assertEquals(400, answers.get(0).status(), "JSON only with $format=json, as for a GET");
        assertTrue(answers.get(0).message().contains("$format=json"), answers.get(0).message());
        assertEquals(200, answers.get(1).status());
        assertEquals(200, answers.get(2).status(), "no URL length limit inside a $batch (the guide's mass query)");

        SapCallException unencoded = assertThrows(SapCallException.class, () -> client.batch(new BatchRequest()
                .query("IndividualCustomerCollection?$format=json&$filter=ExternalID%20eq%20\"x\"")).await().atMost(WAIT));
        assertEquals(400, unencoded.status());
        assertTrue(unencoded.getMessage().contains("URL-encoded"), unencoded.getMessage());
        SapCallException absolute = assertThrows(SapCallException.class, () -> client.batch(new BatchRequest()
                .query("/" + lookup + "&$format=json")).await().atMost(WAIT));
        assertEquals(400, absolute.status());
        SapCallException spaces = assertThrows(SapCallException.class, () -> client.batch(new BatchRequest()
                .query("IndividualCustomerCollection?$format=json&$filter=ExternalID eq 'x'")).await().atMost(WAIT));
        assertEquals(400, spaces.status());
    }

    @Test
    void aLookupOfTwentyOfTheLongestUidsFitsTheUrlLimit() {
        // 100 characters is ExternalID's length (longer UIDs are refused by the mapper); a quote doubles when escaped.
        ProfileRecord[] records = new ProfileRecord[20];
        for (int i = 0; i < records.length; i++) {
            records[i] = newRecord("o'" + "x".repeat(95) + String.format("%03d", i));
        }
        deliver(records).forEach(IndividualCustomerTargetTest::delivered);
        assertEquals(1, sandbox.lookups());
        assertEquals(20, sandbox.creates());
    }

    @Test
    void aUidDeliveredAgainWithoutItsObjectIdIsFoundAndPatchedNotCreatedTwice() throws Exception {
        // As after a crash between the POST and the commit: the delivery state never heard of the customer.
        DeliveryOutcome.Delivered first = delivered(deliver(record("uid-2", 1, "First", null, null)).get(0));
        DeliveryOutcome.Delivered again = delivered(deliver(record("uid-2", 1, "First", null, null)).get(0));

        assertEquals(first.targetId(), again.targetId());
        assertEquals(1, sandbox.customersWithExternalId("uid-2").size());
        assertEquals(2, sandbox.writes(first.targetId()));
    }

    @Test
    void aCreateThatTimedOutIsFoundByTheLookupOfItsRetryNotCreatedAgain() throws Exception {
        IndividualCustomerTarget impatient = new IndividualCustomerTarget(new IndividualCustomerMapper(
                IndividualCustomerMapperTest.MAPPING), new SapODataClient(WebClient.create(vertx),
                        new SapODataClient.Settings(sandbox.serviceUrl(), SapODataClient.Settings.basic("C4C_USER", "s3cret"),
                                Duration.ofMillis(500))), 20, 80);
        // C4C takes the POST but answers after the client gave up: the customer exists, the connector does not know.
        sandbox.latency(Duration.ofSeconds(2));
        assertThrows(SapCallException.class, () -> impatient.deliver(List.of(record("uid-slow", 1, "Slow", null, null)))
                .await().atMost(WAIT));
        sandbox.latency(Duration.ZERO);

        DeliveryOutcome.Delivered retried = delivered(impatient.deliver(List.of(record("uid-slow", 1, "Slow", null, null)))
                .await().atMost(WAIT).get(0));

        assertEquals(1, sandbox.customersWithExternalId("uid-slow").size(), "the retry found the customer and patched it");
        assertEquals(sandbox.customersWithExternalId("uid-slow").get(0).objectId(), retried.targetId());
        assertEquals(1, sandbox.creates());
    }

    @Test
    void aStaleEtagIsRereadAndWrittenOnce() throws Exception {
        DeliveryOutcome.Delivered created = delivered(deliver(record("uid-3", 1, "Old", null, null)).get(0));
        sandbox.changeInC4C("uid-3");

        DeliveryOutcome.Delivered updated = delivered(deliver(record("uid-3", 2, "New", created.targetId(),
                created.targetEtag())).get(0));

        assertEquals(1, sandbox.preconditionFailures());
        assertEquals(created.targetId(), updated.targetId());
        assertEquals("New", sandbox.customersWithExternalId("uid-3").get(0).field("FirstName"));
    }

    @Test
    void aKnownCustomerWithoutItsEtagIsPatchedInPlace() throws Exception {
        DeliveryOutcome.Delivered created = delivered(deliver(record("uid-no-etag", 1, "Old", null, null)).get(0));

        DeliveryOutcome.Delivered updated = delivered(deliver(record("uid-no-etag", 2, "New", created.targetId(),
                null)).get(0));

        assertEquals(created.targetId(), updated.targetId());
        assertEquals("New", sandbox.customersWithExternalId("uid-no-etag").get(0).field("FirstName"));
        assertEquals(1, sandbox.customersWithExternalId("uid-no-etag").size(), "patched in place, not created again");
    }

    @Test
    void aRejectedCustomerFailsAloneAndAnUnmappableOneNeverReachesC4C() throws Exception {
        sandbox.rejectCustomer("uid-bad");
        List<DeliveryOutcome> outcomes = deliver(record("uid-a", 1, "A", null, null), record("uid-bad", 1, "B", null, null),
                record("u".repeat(101), 1, "C", null, null), record("uid-c", 1, "C", null, null));

        assertInstanceOf(DeliveryOutcome.Delivered.class, outcomes.get(0));
        DeliveryOutcome.Failed rejected = assertInstanceOf(DeliveryOutcome.Failed.class, outcomes.get(1));
        assertEquals(400, rejected.httpStatus());
        assertTrue(rejected.reason().contains("uid-bad"), rejected.reason());
        assertEquals("UnmappableProfile", assertInstanceOf(DeliveryOutcome.Failed.class, outcomes.get(2)).errorClass());
        assertInstanceOf(DeliveryOutcome.Delivered.class, outcomes.get(3));
        assertEquals(2, sandbox.customerCount());
    }

    @Test
    void theSandboxRefusesWhatC4CWouldRefuse() {
        List<ChangesetOutcome> outcomes = client.batch(new BatchRequest()
                .changeset(List.of(new BatchRequest.Operation("POST", "IndividualCustomerCollection", "{\"FirstName\":\"No last name\"}")))
                .changeset(List.of(new BatchRequest.Operation("POST", "IndividualCustomerCollection", "{\"LastName\":\"X\",\"Nickname\":\"x\"}")))
                .changeset(List.of(new BatchRequest.Operation("POST", "IndividualCustomerCollection", "{\"LastName\":\"X\",\"CountryCode\":\"XX\"}")))
                .changeset(List.of(new BatchRequest.Operation("POST", "IndividualCustomerCollection", "{\"LastName\":\"" + "L".repeat(41) + "\"}")))
                .changeset(List.of(new BatchRequest.Operation("POST", "IndividualCustomerCollection", "{\"LastName\":\"X\",\"ObjectID\":\"00\"}")))
                .changeset(List.of(new BatchRequest.Operation("PATCH", "IndividualCustomerCollection('" + "0".repeat(32) + "')", "{\"LastName\":\"X\"}")))
                .changeset(List.of(new BatchRequest.Operation("POST", "IndividualCustomerCollection", "{\"LastName\":\"Valid\"}"))))
                .await().atMost(WAIT);

        assertTrue(outcomes.get(0).message().contains("last name"), outcomes.get(0).message());
        assertTrue(outcomes.get(1).message().contains("Nickname"), outcomes.get(1).message());
        assertTrue(outcomes.get(2).message().contains("code list"), outcomes.get(2).message());
        assertTrue(outcomes.get(3).message().contains("longer than 40"), outcomes.get(3).message());
        assertTrue(outcomes.get(4).message().contains("read-only"), outcomes.get(4).message());
        assertEquals(404, outcomes.get(5).status());
        assertEquals(201, outcomes.get(6).status());
        assertEquals(1, sandbox.customerCount());
        SapCallException wrongPassword = assertThrows(SapCallException.class,
                () -> client("wrong").batch(new BatchRequest()).await().atMost(WAIT));
        assertEquals(401, wrongPassword.status());
        SapCallException noFormat = assertThrows(SapCallException.class,
                () -> client.get("IndividualCustomerCollection?$filter=ExternalID%20eq%20'x'").await().atMost(WAIT));
        assertTrue(noFormat.getMessage().contains("$format=json"), noFormat.getMessage());
        SapCallException tooLong = assertThrows(SapCallException.class, () -> client.get("IndividualCustomerCollection?"
                + "$format=json&$filter=ExternalID%20eq%20'" + "x".repeat(8200) + "'").await().atMost(WAIT));
        assertEquals(414, tooLong.status());
    }

    @Test
    void requestsUpdatingOneCustomerAtOnceHitTheRecordLockAndTheTenantCapAnswers429() throws Exception {
        DeliveryOutcome.Delivered created = delivered(deliver(record("uid-lock", 1, "L", null, null)).get(0));
        int received = sandbox.requestsReceived();
        // Every answer waits until all four requests arrived, so each meets the others, however slow the machine.
        sandbox.holdAnswersWhen(() -> sandbox.requestsReceived() < received + 4);
        BatchRequest patch = new BatchRequest().changeset(List.of(new BatchRequest.Operation("PATCH",
                "IndividualCustomerCollection('" + created.targetId() + "')", "{\"FirstName\":\"M\"}",
                Map.of("If-Match", created.targetEtag()))));
        List<CompletableFuture<List<ChangesetOutcome>>> patches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            patches.add(client.batch(patch).subscribeAsCompletionStage());
        }
        Set<Integer> statuses = new HashSet<>();
        for (CompletableFuture<List<ChangesetOutcome>> answer : patches) {
            statuses.add(answer.get().get(0).status());
        }
        assertEquals(Set.of(204, 423), statuses, "one update wins, the others meet its record lock");
        assertTrue(sandbox.lockConflicts() >= 1);

        sandbox.tenantConcurrencyLimit(1);
        int patched = sandbox.requestsReceived();
        sandbox.holdAnswersWhen(() -> sandbox.requestsReceived() < patched + 4);
        String read = "IndividualCustomerCollection('" + created.targetId() + "')?$format=json";
        List<CompletableFuture<String>> reads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            reads.add(client.get(read).subscribeAsCompletionStage());
        }
        List<Throwable> refused = new ArrayList<>();
        for (CompletableFuture<String> answer : reads) {
            answer.handle((body, failure) -> failure == null ? null : refused.add(failure)).get();
        }
        assertEquals(3, refused.size(), "the first read passes the tenant's cap of 1, the three meeting it are refused");
        SapCallException throttled = assertInstanceOf(SapCallException.class, refused.get(0));
        assertEquals(429, throttled.status());
        assertEquals(Duration.ofSeconds(1), throttled.retryAfter());
    }

    private List<DeliveryOutcome> deliver(ProfileRecord... records) {
        return target.deliver(List.of(records)).await().atMost(WAIT);
    }

    private static ProfileRecord newRecord(String uid) {
        try {
            return record(uid, 1, "New", null, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record as the engine hands it on after a lookup ahead found no customer for it. */
    private static ProfileRecord absent(ProfileRecord record) {
        return new ProfileRecord(record.uid(), record.changedAt(), record.event(), record.topic(), record.partition(),
                record.offset(), null, null, true);
    }

    private static DeliveryOutcome.Delivered delivered(DeliveryOutcome outcome) {
        return assertInstanceOf(DeliveryOutcome.Delivered.class, outcome, outcome.toString());
    }

    private static ProfileRecord record(String uid, int version, String firstName, String objectId, String etag)
            throws Exception {
        return new ProfileRecord(uid, Instant.parse("2026-11-20T10:00:00Z").plusSeconds(version),
                IndividualCustomerMapperTest.event(uid, "{\"firstName\":\"" + firstName + "\",\"lastName\":\"Tester\"}",
                        "{}"), "profiles.service", 0, version, objectId, etag);
    }

    private SapODataClient client(String password) {
        return new SapODataClient(WebClient.create(vertx), new SapODataClient.Settings(sandbox.serviceUrl(),
                SapODataClient.Settings.basic("C4C_USER", password), WAIT));
    }
}
