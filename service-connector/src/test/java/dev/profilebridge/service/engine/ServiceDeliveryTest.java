package dev.profilebridge.service.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.Await;
import dev.profilebridge.testsupport.ProfileEvents;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.service.ServiceFixture;
import dev.profilebridge.testsupport.contract.ConnectorFixture;
import dev.profilebridge.testsupport.contract.ConnectorDeliveryContract;
import dev.profilebridge.sandbox.C4CCustomer;
import dev.profilebridge.sandbox.C4CSandbox;
import dev.profilebridge.testsupport.sap.C4CSandboxResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The delivery engine with the C4C target: real Kafka, real PostgreSQL, the C4C sandbox; the connectors' shared
 * scenarios, then updates in place and a customer changed in C4C meanwhile.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = C4CSandboxResource.class, scope = TestResourceScope.GLOBAL)
class ServiceDeliveryTest extends ConnectorDeliveryContract {

    private static final ServiceFixture FIXTURE = new ServiceFixture();

    private final C4CSandbox sandbox = C4CSandboxResource.sandbox();

    @Override
    protected ConnectorFixture connector() {
        return FIXTURE;
    }

    /** 5,000 records over 1,000 UIDs. */
    @Override
    protected int backlogUids() {
        return 1_000;
    }

    /** Exactly one customer per UID; the connector never met a record lock or the tenant's cap. */
    @Override
    protected void assertBacklogDeliveredCleanly(String run, int uids) {
        assertEquals(uids, sandbox.externalIds().stream().filter(id -> id.startsWith(run + "-")).count());
        assertEquals(0, sandbox.lockConflicts(), "no customer had two requests at once");
        assertEquals(0, sandbox.throttledRequests(), "the tenant's concurrency cap was never hit");
    }

    @Test
    void firstTimeUidsAreLookedUpAheadSeveralBatchesPerCallAndEachCreatedOnce() {
        String run = "ahead-" + UUID.randomUUID().toString().substring(0, 8);
        int uids = 200;
        int lookupCalls = sandbox.lookupCalls();
        AtomicBoolean produced = new AtomicBoolean();
        // The connector's first calls wait until the whole backlog is in Kafka, so lookups see it however slow the
        // machine is at producing.
        sandbox.holdAnswersWhen(() -> !produced.get());
        try {
            kafka.produceStrings().fromRecords(ProfileEvents.backlog(topic(), run, uids, 1))
                    .awaitCompletion(Duration.ofSeconds(30));
        } finally {
            produced.set(true);
            sandbox.releaseAnswers();
        }
        Await.until(Duration.ofSeconds(60), () -> ProfileEvents.countAt(run, uids, "v0", this::firstNameAtTarget) == uids);

        int calls = sandbox.lookupCalls() - lookupCalls;
        // Each write batch (10) looking its UIDs up itself would be 20 lookups at least; ahead, 80 UIDs a call.
        assertTrue(calls <= 8, calls + " lookup calls for " + uids + " first-time UIDs");
        assertEquals(uids, sandbox.externalIds().stream().filter(id -> id.startsWith(run + "-")).count(),
                "one customer per UID");
        assertTrue(sandbox.peakConcurrentRequests() <= 4, "lookups share the budget: peak " + sandbox.peakConcurrentRequests());
    }

    @Test
    void aCreatedCustomerIsUpdatedInPlaceAndAnOlderVersionIsSkipped() {
        String uid = "update-" + UUID.randomUUID();
        produce(uid, 2, "second");
        Await.until(Duration.ofSeconds(30), () -> "second".equals(firstNameAtTarget(uid)));
        produce(uid, 1, "first-arrived-late");
        produce(uid, 3, "third");
        Await.until(Duration.ofSeconds(30), () -> "third".equals(firstNameAtTarget(uid)));
        List<C4CCustomer> customers = sandbox.customersWithExternalId(uid);
        assertEquals(1, customers.size());
        assertEquals(2, sandbox.writes(customers.get(0).objectId()), "the late version was not sent");
    }

    @Test
    void aCustomerChangedInC4CMeanwhileIsRereadAndUpdated() {
        String uid = "etag-" + UUID.randomUUID();
        produce(uid, 1, "before");
        Await.until(Duration.ofSeconds(30), () -> "before".equals(firstNameAtTarget(uid)));
        int failuresBefore = sandbox.preconditionFailures();
        sandbox.changeInC4C(uid);
        produce(uid, 2, "after");
        Await.until(Duration.ofSeconds(30), () -> "after".equals(firstNameAtTarget(uid)));
        assertEquals(failuresBefore + 1, sandbox.preconditionFailures());
        assertEquals(1, sandbox.customersWithExternalId(uid).size());
    }
}
