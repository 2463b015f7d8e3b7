package dev.profilebridge.marketing.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.profilebridge.connector.persistence.DeliveryState;
import dev.profilebridge.connector.spi.ProfileRecord;
import dev.profilebridge.connector.persistence.DeliveryStateRepository;
import dev.profilebridge.connector.persistence.DeliveryStateStore;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.sap.MarketingSandboxResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;

/**
 * The connector's schema holds connector-core's delivery state table: the Panache mapping matches it, and the store's
 * native statements find it in the same schema.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MarketingSandboxResource.class, scope = TestResourceScope.GLOBAL)
class MarketingDeliveryStateTest {

    @Inject
    DeliveryStateRepository repository;

    @Inject
    DeliveryStateStore store;

    @Test
    @RunOnVertxContext
    void confirmedVersionIsStoredAndReadBack(UniAsserter asserter) {
        Instant changedAt = Instant.parse("2026-11-20T10:15:30.123Z");
        DeliveryState state = new DeliveryState();
        state.connector = "marketing-connector";
        state.uid = "f3c2a1-ünïcode-uid";
        state.changedAt = changedAt;
        state.sourceTopic = "profiles.marketing";
        state.sourcePartition = 2;
        state.sourceOffset = 41_000_000_000L;
        state.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

        asserter.execute(() -> Panache.withTransaction(() -> repository.persist(state)));
        asserter.assertThat(() -> Panache.withSession(() -> repository.findFor("marketing-connector", state.uid)),
                stored -> {
                    assertEquals(changedAt, stored.changedAt);
                    assertEquals("profiles.marketing", stored.sourceTopic);
                    assertEquals(2, stored.sourcePartition);
                    assertEquals(41_000_000_000L, stored.sourceOffset);
                    assertNull(stored.targetId);
                });
        asserter.assertThat(() -> Panache.withSession(() -> repository.findFor("service-connector", state.uid)),
                other -> assertNull(other, "delivery state is kept per connector"));
    }

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
