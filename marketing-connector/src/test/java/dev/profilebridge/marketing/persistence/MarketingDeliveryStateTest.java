package dev.profilebridge.marketing.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.profilebridge.connector.persistence.DeliveryState;
import dev.profilebridge.connector.persistence.DeliveryStateRepository;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.sap.MarketingSandboxResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;

/** The connector's schema holds connector-core's delivery state table, read and written through Panache. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MarketingSandboxResource.class, scope = TestResourceScope.GLOBAL)
class MarketingDeliveryStateTest {

    @Inject
    DeliveryStateRepository repository;

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
}
