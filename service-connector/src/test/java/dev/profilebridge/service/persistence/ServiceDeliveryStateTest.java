package dev.profilebridge.service.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.profilebridge.connector.persistence.DeliveryState;
import dev.profilebridge.connector.persistence.DeliveryStateRepository;
import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.sap.C4CSandboxResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;

/** C4C needs its ObjectID remembered per UID: the delivery state carries it, and an update replaces it. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = C4CSandboxResource.class, scope = TestResourceScope.GLOBAL)
class ServiceDeliveryStateTest {

    @Inject
    DeliveryStateRepository repository;

    @Test
    @RunOnVertxContext
    void targetObjectIdIsStoredUpdatedAndReadBack(UniAsserter asserter) {
        DeliveryState state = new DeliveryState();
        state.connector = "service-connector";
        state.uid = "uid-" + System.nanoTime();
        state.changedAt = Instant.parse("2026-11-20T10:15:30Z");
        state.sourceTopic = "profiles.service";
        state.sourcePartition = 0;
        state.sourceOffset = 7;
        state.targetId = "00163E0A1B2C1EDB9A8F7C6D5E4F3A21";
        state.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

        asserter.execute(() -> Panache.withTransaction(() -> repository.persist(state)));
        asserter.execute(() -> Panache.withTransaction(() -> repository.findFor("service-connector", state.uid)
                .invoke(stored -> {
                    stored.changedAt = Instant.parse("2026-11-21T08:00:00Z");
                    stored.sourceOffset = 8;
                })));
        asserter.assertThat(() -> Panache.withSession(() -> repository.findFor("service-connector", state.uid)),
                stored -> {
                    assertEquals("00163E0A1B2C1EDB9A8F7C6D5E4F3A21", stored.targetId);
                    assertEquals(Instant.parse("2026-11-21T08:00:00Z"), stored.changedAt);
                    assertEquals(8, stored.sourceOffset);
                });
    }
}
