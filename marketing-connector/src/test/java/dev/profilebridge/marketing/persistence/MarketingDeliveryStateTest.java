package dev.profilebridge.marketing.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.profilebridge.connector.spi.ProfileRecord;
import dev.profilebridge.connector.persistence.DeliveryStateStore;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.sap.MarketingSandboxResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;

/**
 * The delivery state store the engine reads and writes, on the connector's own schema: a confirmation never moves a
 * UID back to an older version, keeps the target's id, and is kept per connector.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MarketingSandboxResource.class, scope = TestResourceScope.GLOBAL)
class MarketingDeliveryStateTest {

    @Inject
    DeliveryStateStore store;

    @Test
    @RunOnVertxContext
    void confirmNeverMovesBackAndKeepsTheTargetId(UniAsserter asserter) {
        String uid = "confirm-" + UUID.randomUUID();
        Instant first = Instant.parse("2026-11-20T10:00:00Z");
        asserter.execute(() -> store.confirm("marketing-connector", List.of(record(uid, first, 7, "T-1"))));
        asserter.execute(() -> store.confirm("marketing-connector", List.of(record(uid, first.minusSeconds(60), 6, "T-old"),
                record(uid + "-other", first, 8, null))));
        asserter.assertThat(() -> store.find("marketing-connector", List.of(uid, uid + "-other", "missing")), found -> {
            assertEquals(2, found.size());
            assertEquals(first, found.get(uid).changedAt, "an older confirmation does not move the row back");
            assertEquals(7, found.get(uid).sourceOffset);
            assertEquals("T-1", found.get(uid).targetId);
            assertEquals("etag-T-1", found.get(uid).targetEtag);
            assertNull(found.get(uid + "-other").targetId);
        });
        asserter.execute(() -> store.confirm("marketing-connector", List.of(record(uid, first.plusSeconds(60), 9, null))));
        asserter.assertThat(() -> store.find("marketing-connector", List.of(uid)), found -> {
            assertEquals(first.plusSeconds(60), found.get(uid).changedAt);
            assertEquals(9, found.get(uid).sourceOffset);
            assertEquals("T-1", found.get(uid).targetId, "a record without a target id keeps the stored one");
            assertNull(found.get(uid).targetEtag, "but not an ETag it did not come with");
        });
        asserter.assertThat(() -> store.find("service-connector", List.of(uid)), found -> assertTrue(found.isEmpty()));
    }

    private static ProfileRecord record(String uid, Instant changedAt, long offset, String targetId) {
        return new ProfileRecord(uid, changedAt, null, "profiles.marketing", 0, offset, targetId,
                targetId == null ? null : "etag-" + targetId);
    }
}
