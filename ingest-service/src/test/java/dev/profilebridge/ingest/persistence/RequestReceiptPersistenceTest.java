package dev.profilebridge.ingest.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.profilebridge.testsupport.RealInfrastructure;
import dev.profilebridge.testsupport.TokenIssuerResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenIssuerResource.class, scope = TestResourceScope.GLOBAL)
class RequestReceiptPersistenceTest {

    @Test
    @RunOnVertxContext
    void receiptIsStoredAndReadBack(UniAsserter asserter) {
        RequestReceipt receipt = new RequestReceipt();
        receipt.requestId = UUID.randomUUID();
        receipt.clientId = "cdc-dataflow";
        receipt.receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        receipt.accepted = 498;
        receipt.rejected = 1;
        receipt.superseded = 1;

        asserter.execute(() -> Panache.withTransaction(receipt::persist));
        asserter.assertThat(
                () -> Panache.withSession(() -> RequestReceipt.<RequestReceipt> findById(receipt.requestId)),
                stored -> {
                    assertEquals("cdc-dataflow", stored.clientId);
                    assertEquals(receipt.receivedAt, stored.receivedAt);
                    assertEquals(498, stored.accepted);
                    assertEquals(1, stored.rejected);
                    assertEquals(1, stored.superseded);
                });
    }
}
